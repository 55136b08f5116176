"""The home map's tile grids (content/registry/tiles.yml): loaded, checked, located errors; the map's
periods from the real plans (who leads comes from the analysis's "lead" function)."""
from __future__ import annotations

import shutil

import pytest

from conftest import CONTENT
from generator.registry import MERGERS_DAY, MERGERS_EVE, load_registry


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT / "registry", root / "registry")
    return root


def errors_of(content) -> list[str]:
    reg, diags = load_registry(content)
    assert reg is None
    return [d.format() for d in diags]


def test_grids_draw_every_unit_once():
    reg, errors = load_registry(CONTENT)
    assert errors == []
    before, after = reg.tile_grid(MERGERS_EVE), reg.tile_grid(MERGERS_DAY)
    assert [t[0] for t in before.tiles] and sorted(t[0] for t in before.tiles) == sorted(reg.provinces_on(MERGERS_EVE))
    assert len(before.tiles) == 63 and len(after.tiles) == 34
    assert sorted(t[0] for t in after.tiles) == sorted(reg.provinces_on(MERGERS_DAY))
    for grid in (before, after):
        assert len({(t[1], t[2]) for t in grid.tiles}) == len(grid.tiles)
        assert len({t[3] for t in grid.tiles}) == len(grid.tiles)
    # north at the top, Cà Mau at the bottom, the same grid for any day of the same units
    rows = {t[0]: t[2] for t in before.tiles}
    assert rows["ha-giang"] == 0 and rows["ca-mau"] == max(rows.values())
    assert reg.tile_grid("2020-01-01") is before and reg.tile_grid("2030-12-31") is after


def test_a_duplicate_cell_is_a_located_error(content):
    path = content / "registry" / "tiles.yml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    cao_bang = next(i for i, line in enumerate(lines) if "province: cao-bang" in line) + 1  # the first grid's
    path.write_text(text.replace("{province: cao-bang, col: 4, row: 0,", "{province: cao-bang, col: 3, row: 0,", 1),
                    encoding="utf-8")
    ha_giang = next(i for i, line in enumerate(lines) if "province: ha-giang" in line) + 1
    col = lines[cao_bang - 1].index("col:") + 1
    assert errors_of(content) == [f"{path}:{cao_bang}:{col + 5}: error: 'cao-bang' is on the cell of 'ha-giang' "
                                  f"(line {ha_giang}): col 3, row 0"]


def test_a_missing_unknown_or_repeated_unit_is_refused(content):
    path = content / "registry" / "tiles.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('      - {province: ca-mau, col: 0, row: 21, label: "CM"}\n', "", 1)
    text = text.replace('{province: bac-lieu, col: 1, row: 21, label: "BL"}', '{province: atlantis, col: 1, row: 21, label: "BL"}', 1)
    path.write_text(text, encoding="utf-8")
    found = errors_of(content)
    assert any(e.endswith("error: unknown province 'atlantis'") for e in found), found
    assert any(e.endswith("error: the grid of 2025-06-30 has no tile for: bac-lieu, ca-mau") for e in found), found
    assert all(e.startswith(f"{path}:") for e in found)


def test_the_schema_is_checked_with_a_location(content):
    path = content / "registry" / "tiles.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('col: 4, row: 0, label: "CB"', 'col: -1, row: 0, label: "CB"', 1),
                    encoding="utf-8")
    found = errors_of(content)
    assert len(found) == 1 and found[0].startswith(f"{path}:") and "-1" in found[0], found


def test_a_content_folder_without_tiles_has_no_map(content):
    (content / "registry" / "tiles.yml").unlink()
    reg, errors = load_registry(content)
    assert errors == [] and reg.tile_grids == () and reg.tile_grid(MERGERS_EVE) is None


def test_map_periods_follow_the_plans_and_the_lead_function(views):
    from generator.views import home_map
    a = views["vi"].analysis
    maps = home_map.periods(a.plans, a.functions, a.registry)
    keys = [m.key for m in maps]
    assert keys[0] == str(min(int(p.reading_date[:4]) for p in a.plans))
    assert "2025-06" in keys and "2025-12" in keys
    for m in maps:
        assert m.units == (63 if m.day <= MERGERS_EVE else 34)
        for tile in m.held:
            lead = next(h for h in a.functions[tile.plan.key] if h.function == "lead")
            assert tile.lead == lead.agency and m.year in tile.plan.years and tile.plan.province == tile.province
    # Quảng Ngãi 2025 names Sở Nội vụ as lead: Home Affairs on both 2025 maps
    for key in ("2025-06", "2025-12"):
        qn = next(t for t in maps[keys.index(key)].tiles if t.province == "quang-ngai")
        assert (qn.plan.key, qn.lead, qn.kind) == ("quang-ngai/2025", "so-noi-vu", "successor")
    # a merged unit's plan is not painted over the new province: Đắk Nông has no tile after 1 July 2025
    assert not any(t.province == "dak-nong" for t in maps[keys.index("2025-12")].tiles)
