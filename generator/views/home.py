"""The home page: a few numbers, the map of who leads (one per period), the national key-role
timeline, the coverage grid (province × year), latest plans, the site feed."""
from __future__ import annotations

from .. import urls
from ..analysis.comparisons import MAIN_LINEAGE
from ..model import KEY_ROLE_NAMES
from ..registry import MERGERS_EVE
from ..text import collation_key
from . import Page, figures, home_map

CONTEXT = {"home.html": {"years", "provinces", "grid", "latest", "stats", "maps", "default_map", "legend",
                         "national", "national_chart", "map_style", "map_table"}}


def pages(view):
    a, lang = view.analysis, view.language
    maps = home_map.periods(a.plans, a.functions, a.registry)
    # the period shown first: the one with most plans held, the latest of those
    default = max(maps, key=lambda m: (len(m.held), m.day)).key if maps else None
    fig = figures.function_bars(a.national, MAIN_LINEAGE, view.renderer, KEY_ROLE_NAMES)  # written by /transfer/
    yield Page(urls.home(), "home.html", lang.setting("title"),
               {"years": a.years, "provinces": a.province_ids,
                "grid": {(p.province, y): p for p in a.plans for y in p.years}, "latest": a.latest,
                "stats": stats(a), "maps": [_words(m, view) for m in maps], "default_map": default,
                "legend": home_map.legend_kinds(maps), "map_style": home_map.tile_style(),
                "map_table": _table(maps, lang),
                "national": [n for n in a.national if n.function in KEY_ROLE_NAMES],
                "national_chart": {"path": urls.transfer_figure(), "width": fig.width, "height": fig.height}},
               lang.setting("tagline"), source="home")


def stats(a) -> dict:
    """The numbers the page opens with; partial texts are counted and said to be."""
    return {"plans": len(a.plans), "partial": len(a.partial), "provinces": len(a.by_province),
            "units": len(a.registry.provinces_on(MERGERS_EVE)), "tasks": a.n_tasks,
            "partial_tasks": sum(len(p.tasks) for p in a.partial),
            "agencies": sum(1 for aid in a.agency_ids if a.tasks_of.get(aid))}


def period_name(m, t) -> str:
    return t("home_map_period_" + m.part, year=m.year) if m.part else str(m.year)


def _words(m, view) -> dict:
    """A map with the words its template writes: the period's name, each tile's title, the summary."""
    t, lang = view.t, view.language
    name = period_name(m, t)
    tiles = {}
    for tile in m.tiles:
        province = lang.province_name(tile.province)
        if tile.plan is None:
            tiles[tile.province] = t("home_map_tile_none", province=province)
            continue
        plan = tile.plan.plan_id  # the tile's own plan: a map never paints a plan over another unit
        if tile.lead:
            tiles[tile.province] = t("home_map_tile_plan", province=province, who=lang.agency_name(tile.lead, True),
                                     plan=plan)
        else:
            tiles[tile.province] = t("home_map_tile_unnamed", province=province, who=t("home_map_kind_" + tile.kind),
                                     plan=plan)
    held = len(m.held)
    summary = (t("home_map_summary_held", period=name, held=held, units=m.units) if held
               else t("home_map_summary_none", period=name, units=m.units))
    counts = "; ".join(t("home_map_count", who=t("home_map_kind_" + k), n=n) for k, n in m.counts)
    return {"m": m, "name": name, "tiles": tiles, "summary": summary, "counts": counts,
            "desc": t("home_map_desc", units=m.units, summary=f"{summary} ({counts})")}


def _table(maps, lang) -> dict:
    """The maps' table: every unit with a plan on some map (by name) × the periods, each cell the map's tile."""
    units = sorted({t.province for m in maps for t in m.held}, key=lambda pid: collation_key(lang.province_name(pid)))
    cells = {(t.province, m.key): t for m in maps for t in m.held}
    return {"units": units, "rows": [(pid, [cells.get((pid, m.key)) for m in maps]) for pid in units]}
