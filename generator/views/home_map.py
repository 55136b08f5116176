"""The home page map: a tile-grid cartogram of the provinces, one map per period, each tile coloured
by who leads the province's gender-equality plan in force then.

Who leads is the plan's "lead" function as the analysis holds it (analysis/functions.py), never
worked out in a template. A period is a year (the units of its last day), and the merger year is
two periods: to 30 June 2025 (63 units) and from 1 July 2025 (34). A tile shows the latest plan
of that very unit in force in the year and issued by the period's end; a plan of a unit merged
into another is not stretched over the new, larger province.

Layout only here (positions, colours, the words of each tile's title); templates/figures/home_map.svg
writes every element. Deterministic: the same input gives the same maps.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..analysis.comparisons import MAIN_LINEAGE
from ..registry import MERGERS_DAY, MERGERS_EVE
from .figures import HOLDER_FILLS, holder_kind, num

TILE, GAP, PAD = 36.0, 4.0, 2.0
NO_PLAN = "no_plan"
# Legend order: the two agencies of the 2025 handover first, then the rest, "no plan held" last.
KINDS = ("predecessor", "successor", "other", "none", "not_in_text", NO_PLAN)
# on the map a tile's label sits on the fill: "not in our text" takes dark ink over its light dots
FILLS = {**HOLDER_FILLS, "not_in_text": ("#e4e4e7", "#111827"), NO_PLAN: ("#ffffff", "#3f3f46")}
ALWAYS = ("predecessor", "successor", NO_PLAN)  # in the legend even when no tile has them


@dataclass(frozen=True)
class MapTile:
    province: str
    label: str
    x: str
    y: str
    cx: str
    cy: str
    kind: str
    fill: str
    ink: str
    plan: object | None       # the plan in force (model.Plan), or None
    lead: str | None          # the lead agency id, if the plan names one


@dataclass(frozen=True)
class Period:
    key: str                  # "2024", "2025-06" (to 30 June), "2025-12" (from 1 July)
    year: int
    day: str                  # the period's last day: the units of that day, plans issued by then
    part: str                 # "", "before" or "after" the merger
    width: str
    height: str
    tiles: tuple[MapTile, ...]
    counts: tuple[tuple[str, int], ...]  # kind -> tiles, in KINDS order, kinds present only
    tile: str = num(TILE)     # a tile's side

    @property
    def units(self) -> int:
        return len(self.tiles)

    @property
    def held(self) -> tuple[MapTile, ...]:
        return tuple(t for t in self.tiles if t.plan is not None)


def periods(plans, functions, registry) -> tuple[Period, ...]:
    """One map per year from the first plan's year to the year after the last plan's (the merger year
    split in two; the latest MAX_PERIODS), as long as the registry has a grid for the period's units."""
    if not plans or not registry.tile_grids:
        return ()
    issued = sorted(int(p.reading_date[:4]) for p in plans)
    last = min(issued[-1] + 1, max(y for p in plans for y in p.years))
    days = []
    for year in range(issued[0], max(last, issued[-1]) + 1):
        if year == int(MERGERS_DAY[:4]):
            days += [(f"{year}-06", year, MERGERS_EVE, "before"), (f"{year}-12", year, f"{year}-12-31", "after")]
        else:
            days.append((str(year), year, f"{year}-12-31", ""))
    out = []
    for key, year, day, part in days[-MAX_PERIODS:]:
        grid = registry.tile_grid(day)
        if grid is not None:
            out.append(_period(key, year, day, part, grid, plans, functions))
    return tuple(out)


def _period(key, year, day, part, grid, plans, functions) -> Period:
    in_force: dict[str, object] = {}
    for p in sorted(plans, key=lambda p: (p.reading_date, p.key)):  # the latest issued wins
        if year in p.years and p.reading_date <= day:
            in_force[p.province] = p
    tiles = []
    for pid, col, row, label in grid.tiles:
        plan = in_force.get(pid)
        lead = None
        if plan is None:
            kind = NO_PLAN
        else:
            held = next(h for h in functions[plan.key] if h.function == "lead")
            lead = held.agency
            kind = holder_kind(lead, MAIN_LINEAGE, held.state == "not_in_text")
        x, y = PAD + col * (TILE + GAP), PAD + row * (TILE + GAP)
        fill, ink = FILLS[kind]
        tiles.append(MapTile(pid, label, num(x), num(y), num(x + TILE / 2), num(y + TILE / 2), kind, fill, ink,
                             plan, lead))
    cols = max(t[1] for t in grid.tiles) + 1
    rows = max(t[2] for t in grid.tiles) + 1
    found = {k: sum(1 for t in tiles if t.kind == k) for k in KINDS}
    return Period(key, year, day, part, num(2 * PAD + cols * TILE + (cols - 1) * GAP),
                  num(2 * PAD + rows * TILE + (rows - 1) * GAP), tuple(tiles),
                  tuple((k, n) for k, n in found.items() if n))


MAX_PERIODS = 8  # the latest periods only: the page holds a map (and a table column) per period


def tile_style() -> dict:
    """What the page's one <style> for the tiles needs: (kind, fill, ink) of every kind."""
    return {"kinds": tuple((k, *FILLS[k]) for k in KINDS)}


def legend_kinds(maps: tuple[Period, ...]) -> tuple[tuple[str, str, str], ...]:
    """(kind, fill, ink) of every kind a map shows, and always the two agencies and "no plan held"."""
    used = {k for m in maps for k, _ in m.counts} | set(ALWAYS)
    return tuple((k, *FILLS[k]) for k in KINDS if k in used)
