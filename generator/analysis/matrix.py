"""The responsibility matrix: who is given what, in which plan. Pure functions, no I/O.

Three views, all computed from the same list of assignments (one per task × agency, see
`assignments`), so their numbers always agree:

- `responsibility_matrix`: rows = agencies (grouped by kind, predecessors next to their
  successor), columns = plans; a cell holds the agency's strongest role in the plan, whether
  the plan directs or only requests ("Đề nghị ...") it, its tasks and per-theme counts, and per
  theme what the cell says under a theme filter (`ThemeCell`: strongest role, mode and the first
  task in plan order, whose id is its anchor on the plan page: the matrix page's links), and its
  tasks with their roles and themes (`CellTask`), for the role filter.
- `theme_plan_matrix`: themes × plans, the number of tasks (the heatmap).
- `agency_theme_matrix`: for one plan, agencies × themes, the number of tasks.

Every view takes `Filters` (themes / provinces / years / roles / modes / agencies) and returns
frozen dataclasses in a deterministic order.

Counting rules:
- A task counts for an agency when the agency has a role in the task (`Item.roles`); every
  block agency has one (the validator checks it).
- With a theme filter, a task is kept when it carries at least one of the themes, and the
  per-theme counts only show the selected themes.
- With a year range, a plan is kept when its period overlaps the range.
- With `fold_lineage=True`, agencies are counted under their `lineage_root` (Sở LĐTBXH under
  Sở Nội vụ); a task that names both counts once, with the stronger role.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Iterable, NamedTuple

from ..model import ROLE_ORDER, ROLE_RANK, Plan, Task, strongest
from ..registry import Registry
from ..text import collation_key

KIND_ORDER = ("department", "office", "statistics", "police", "military", "court", "procuracy", "insurance",
              "committee", "mass-organisation", "media", "district-committees", "other-departments",
              "party", "national", "other")
MODES = ("directed", "requested")


def _tuple(value) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(sorted(set(value)))


@dataclass(frozen=True)
class Filters:
    """What to count. Empty tuples / None mean "no restriction"."""
    themes: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    roles: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()  # canonical ids (or lineage roots, when folding)

    def __post_init__(self):
        for name in ("themes", "provinces", "roles", "modes", "agencies"):
            object.__setattr__(self, name, _tuple(getattr(self, name)))

    def keeps_plan(self, plan: Plan) -> bool:
        if self.provinces and plan.province not in self.provinces:
            return False
        if self.year_from is not None and plan.year_to < self.year_from:
            return False
        if self.year_to is not None and plan.year_from > self.year_to:
            return False
        return True

    def keeps_task(self, task: Task) -> bool:
        return not self.themes or any(t in self.themes for t in task.item.themes)

    def task_themes(self, task: Task) -> tuple[str, ...]:
        return tuple(t for t in task.item.themes if not self.themes or t in self.themes)


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Column:
    """A plan, as a matrix column."""
    key: str  # <province>/<plan-id>
    province: str
    plan_id: str
    province_name: str
    year_from: int
    year_to: int
    kind: str
    title: str
    number: str | None
    date: str | None

    @property
    def label(self) -> str:
        return f"{self.province_name} {self.plan_id}"


@dataclass(frozen=True)
class Row:
    """An agency, as a matrix row. When lineages are folded, `members` lists the folded ids."""
    agency: str
    name: str  # canonical Vietnamese name
    name_en: str
    short_name: str
    kind: str
    lineage_root: str
    valid_to: str | None
    members: tuple[str, ...] = ()
    member_names: tuple[str, ...] = ()  # short Vietnamese names of `members`


@dataclass(frozen=True)
class ThemeRow:
    id: str
    name: str  # Vietnamese
    name_en: str


@dataclass(frozen=True)
class Assignment:
    """One agency's role in one task (a row of data/assignments.csv)."""
    plan: str  # plan key
    agency: str  # canonical id as the plan names it
    role: str
    mode: str  # directed | requested
    task: Task
    themes: tuple[str, ...]  # after the theme filter

    @property
    def task_id(self) -> str:
        return self.task.id


class ThemeCell(NamedTuple):
    """A cell under a theme filter: the agency's tasks in the plan that carry the theme."""
    theme: str
    role: str  # strongest role among those tasks
    mode: str  # as Cell.mode, over those tasks
    first: str  # the first of those tasks in plan order: its id is its anchor on the plan page

    @property
    def requested(self) -> bool:
        return self.mode == "requested"


class CellTask(NamedTuple):
    """One of a cell's tasks: what the role filter (and a theme with it) needs to say the cell again."""
    id: str  # the task's anchor on the plan page
    role: str  # the row's strongest role in the task
    mode: str  # directed | requested
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    agency: str  # row id
    plan: str  # column key
    role: str  # strongest role: lead > responsible > coordinating
    mode: str  # mode of the tasks where the agency holds that role: directed if any is, else requested
    tasks: int
    task_ids: tuple[str, ...]  # in plan order
    roles: tuple[tuple[str, int], ...]  # tasks per role (strongest role per task), strongest first
    themes: tuple[tuple[str, int], ...]  # tasks per theme, registry theme order
    requested_tasks: int  # tasks in "Đề nghị" blocks
    by_theme: tuple[ThemeCell, ...] = ()  # per theme of `themes`, same order: what the cell says under that filter
    task_list: tuple[CellTask, ...] = ()  # the tasks of `task_ids`, same order, with role, mode and themes

    @property
    def requested(self) -> bool:
        return self.mode == "requested"

    @property
    def first(self) -> str:
        """The cell's first task in plan order (its link without a filter)."""
        return self.task_ids[0]

    def theme_cell(self, theme: str) -> ThemeCell | None:
        return next((tc for tc in self.by_theme if tc.theme == theme), None)

    def matching(self, theme: str | None = None, role: str | None = None) -> ThemeCell | None:
        """The cell under a theme and/or role filter (role: the row's strongest role in a task), None
        when no task matches; `theme` of the result is the theme asked for (or None)."""
        items = [t for t in self.task_list if (not theme or theme in t.themes) and (not role or t.role == role)]
        if not items:
            return None
        best = strongest(t.role for t in items)
        mode = "directed" if any(t.mode == "directed" for t in items if t.role == best) else "requested"
        return ThemeCell(theme, best, mode, items[0].id)

    def theme_count(self, theme: str) -> int:
        return dict(self.themes).get(theme, 0)

    def role_count(self, role: str) -> int:
        return dict(self.roles).get(role, 0)


@dataclass(frozen=True)
class Matrix:
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    cells: tuple[Cell, ...]  # non-empty cells only, row-major (row order, then column order)
    themes: tuple[ThemeRow, ...]
    filters: Filters = NO_FILTERS
    folded: bool = False
    _index: MappingProxyType = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)

    def cell(self, agency: str, plan: str) -> Cell | None:
        return self._index.get((agency, plan))

    def groups(self) -> tuple[tuple[str, tuple[Row, ...]], ...]:
        """Rows grouped by kind, in KIND_ORDER (unknown kinds after, alphabetically)."""
        out: dict[str, list[Row]] = {}
        for r in self.rows:
            out.setdefault(r.kind, []).append(r)
        return tuple((k, tuple(v)) for k, v in out.items())


def _max_count(counts: tuple[tuple[int, ...], ...]) -> int:
    return max((max(row) for row in counts if row), default=0)


@dataclass(frozen=True)
class ThemeMatrix:
    """Themes × plans: number of tasks carrying the theme (the heatmap)."""
    themes: tuple[ThemeRow, ...]
    columns: tuple[Column, ...]
    counts: tuple[tuple[int, ...], ...]  # counts[theme][plan]
    totals: tuple[int, ...]  # tasks per plan (a task with two themes counts once)
    filters: Filters = NO_FILTERS
    # The largest count, computed once here: a figure asks for it per cell (a property cost 28 s at 400 plans).
    max_count: int = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "max_count", _max_count(self.counts))


@dataclass(frozen=True)
class AgencyThemeMatrix:
    """One plan: agencies × themes, number of tasks where the agency has a role."""
    plan: Column
    rows: tuple[Row, ...]
    themes: tuple[ThemeRow, ...]
    counts: tuple[tuple[int, ...], ...]  # counts[agency][theme]
    tasks: tuple[int, ...]  # tasks per agency (a task with two themes counts once)
    filters: Filters = NO_FILTERS
    folded: bool = False
    max_count: int = field(init=False, compare=False, repr=False)  # computed once, as in ThemeMatrix

    def __post_init__(self):
        object.__setattr__(self, "max_count", _max_count(self.counts))


# ---------------------------------------------------------------------------------------------
# Ordering

def plan_sort_key(plan: Plan, reg: Registry) -> tuple:
    """Plans by first year, then province in Vietnamese collation, then plan id."""
    return (plan.year_from, collation_key(province_name(plan.province, reg)), plan.province, plan.plan_id)


def sort_plans(plans: Iterable[Plan], reg: Registry) -> list[Plan]:
    return sorted(plans, key=lambda p: plan_sort_key(p, reg))


def province_name(province: str, reg: Registry, lang: str = "vi") -> str:
    p = reg.provinces.get(province)
    return (p.get(lang) or p["vi"]) if p else province


def kind_rank(kind: str | None) -> tuple[int, str]:
    return (KIND_ORDER.index(kind), "") if kind in KIND_ORDER else (len(KIND_ORDER), kind or "~")


def agency_sort_key(agency: str, reg: Registry) -> tuple:
    """Grouped by kind; inside a kind, registry order, predecessors just before their successor."""
    order = reg.order  # built once with the registry: this runs for every role of every task
    a = reg.agencies.get(agency)
    if a is None:  # not in the registry: after everything, by name
        return (kind_rank(None), len(order), 1, len(order), collation_key(agency))
    root = reg.lineage_root(agency)
    same_kind = reg.agencies.get(root, {}).get("kind") == a.get("kind")
    anchor = order[root] if same_kind and root in order else order[agency]
    return (kind_rank(a.get("kind")), anchor, int(agency == root), order[agency], ())


def make_column(plan: Plan, reg: Registry) -> Column:
    return Column(key=plan.key, province=plan.province, plan_id=plan.plan_id,
                  province_name=province_name(plan.province, reg), year_from=plan.year_from,
                  year_to=plan.year_to, kind=plan.kind, title=plan.title, number=plan.number, date=plan.date)


def make_row(agency: str, reg: Registry, members: tuple[str, ...] = ()) -> Row:
    a = reg.agencies.get(agency) or {}
    return Row(agency=agency, name=a.get("vi", agency), name_en=a.get("en") or a.get("vi", agency),
               short_name=a.get("short_vi") or a.get("vi", agency), kind=a.get("kind") or "other",
               lineage_root=reg.lineage_root(agency) if a else agency, valid_to=a.get("valid_to"),
               members=members,
               member_names=tuple((reg.agencies.get(m) or {}).get("short_vi") or (reg.agencies.get(m) or {}).get("vi", m)
                                  for m in members))


def theme_rows(reg: Registry, filters: Filters = NO_FILTERS, extra: Iterable[str] = ()) -> tuple[ThemeRow, ...]:
    """Registry themes in display order (only the selected ones under a theme filter)."""
    ids = list(reg.themes)
    ids += sorted(set(extra) - set(ids))
    if filters.themes:
        ids = [t for t in ids if t in filters.themes]
    return tuple(ThemeRow(t, (reg.themes.get(t) or {}).get("vi", t),
                          (reg.themes.get(t) or {}).get("en") or (reg.themes.get(t) or {}).get("vi", t)) for t in ids)


# ---------------------------------------------------------------------------------------------
# Assignments: the one place where counting rules live

def assignments(plans: Iterable[Plan], reg: Registry, filters: Filters = NO_FILTERS) -> tuple[Assignment, ...]:
    """Every (task, agency) pair that passes the filters: plans in column order, tasks in plan
    order, agencies strongest role first then by agency order."""
    out = []
    for plan in sort_plans((p for p in plans if filters.keeps_plan(p)), reg):
        for task in plan.tasks:
            if not filters.keeps_task(task):
                continue
            pairs = sorted(((r.agency, r.role) for r in task.item.roles),
                           key=lambda ar: (-ROLE_RANK.get(ar[1], 0), agency_sort_key(ar[0], reg)))
            for agency, role in pairs:
                if filters.roles and role not in filters.roles:
                    continue
                if filters.modes and task.mode not in filters.modes:
                    continue
                if filters.agencies and agency not in filters.agencies and reg.lineage_root(agency) not in filters.agencies:
                    continue
                out.append(Assignment(plan.key, agency, role, task.mode, task, filters.task_themes(task)))
    return tuple(out)


def _row_id(agency: str, reg: Registry, fold: bool) -> str:
    return reg.lineage_root(agency) if fold and agency in reg.agencies else agency


def _per_task(rows: Iterable[Assignment], reg: Registry, fold: bool):
    """(row id, plan, task id) -> (role, Assignment): one entry per task, the strongest role."""
    best: dict[tuple[str, str, str], Assignment] = {}
    members: dict[str, set[str]] = defaultdict(set)
    for a in rows:
        rid = _row_id(a.agency, reg, fold)
        members[rid].add(a.agency)
        k = (rid, a.plan, a.task_id)
        if k not in best or ROLE_RANK.get(a.role, 0) > ROLE_RANK.get(best[k].role, 0):
            best[k] = a
    return best, members


def _rows(ids: Iterable[str], reg: Registry, members: dict[str, set[str]], fold: bool) -> tuple[Row, ...]:
    ordered = sorted(set(ids), key=lambda a: agency_sort_key(a, reg))
    return tuple(make_row(a, reg, tuple(sorted(members.get(a, ()), key=lambda m: agency_sort_key(m, reg))) if fold else ())
                 for a in ordered)


# ---------------------------------------------------------------------------------------------
# Views

def _role_mode(items: list[Assignment]) -> tuple[str, str]:
    """The strongest role among the tasks, and their mode: directed if any task with that role is."""
    role = strongest(a.role for a in items)
    return role, "directed" if any(a.mode == "directed" for a in items if a.role == role) else "requested"


def responsibility_matrix(plans: Iterable[Plan], reg: Registry, filters: Filters | None = None,
                          fold_lineage: bool = False) -> Matrix:
    filters = filters or NO_FILTERS
    plans = sort_plans((p for p in plans if filters.keeps_plan(p)), reg)
    columns = tuple(make_column(p, reg) for p in plans)
    col_order = {c.key: i for i, c in enumerate(columns)}
    task_order = {(p.key, t.id): i for p in plans for i, t in enumerate(p.tasks)}
    rows_a = assignments(plans, reg, filters)
    best, members = _per_task(rows_a, reg, fold_lineage)
    rows = _rows((k[0] for k in best), reg, members, fold_lineage)
    themes = theme_rows(reg, filters, (t for a in rows_a for t in a.themes))
    theme_pos = {t.id: i for i, t in enumerate(themes)}

    grouped: dict[tuple[str, str], list[Assignment]] = defaultdict(list)
    for (rid, plan, _), a in best.items():
        grouped[(rid, plan)].append(a)
    row_pos = {r.agency: i for i, r in enumerate(rows)}
    cells = []
    for (rid, plan), items in grouped.items():
        items.sort(key=lambda a: task_order[(plan, a.task_id)])
        role, mode = _role_mode(items)
        role_counts = defaultdict(int)
        theme_counts = defaultdict(int)
        per_theme: dict[str, list[Assignment]] = defaultdict(list)  # items in plan order
        for a in items:
            role_counts[a.role] += 1
            for t in dict.fromkeys(a.themes):
                theme_counts[t] += 1
                per_theme[t].append(a)
        theme_order = sorted(theme_counts, key=lambda t: theme_pos.get(t, len(theme_pos)))
        cells.append(Cell(
            agency=rid, plan=plan, role=role, mode=mode,
            tasks=len(items), task_ids=tuple(a.task_id for a in items),
            roles=tuple((r, role_counts[r]) for r in sorted(role_counts, key=lambda r: -ROLE_RANK.get(r, 0))),
            themes=tuple((t, theme_counts[t]) for t in theme_order),
            requested_tasks=sum(a.mode == "requested" for a in items),
            by_theme=tuple(ThemeCell(t, *_role_mode(per_theme[t]), per_theme[t][0].task_id) for t in theme_order),
            task_list=tuple(CellTask(a.task_id, a.role, a.mode, tuple(dict.fromkeys(a.themes))) for a in items),
        ))
    cells.sort(key=lambda c: (row_pos[c.agency], col_order[c.plan]))
    index = MappingProxyType({(c.agency, c.plan): c for c in cells})
    return Matrix(rows=rows, columns=columns, cells=tuple(cells), themes=themes, filters=filters,
                  folded=fold_lineage, _index=index)


def theme_plan_matrix(plans: Iterable[Plan], reg: Registry, filters: Filters | None = None) -> ThemeMatrix:
    """Tasks per theme and plan. With role/mode/agency filters, a task counts when at least one
    of its assignments passes them."""
    filters = filters or NO_FILTERS
    plans = sort_plans((p for p in plans if filters.keeps_plan(p)), reg)
    columns = tuple(make_column(p, reg) for p in plans)
    rows_a = assignments(plans, reg, filters)
    tasks: dict[str, dict[str, tuple[str, ...]]] = {c.key: {} for c in columns}
    for a in rows_a:
        tasks[a.plan][a.task_id] = a.themes
    themes = theme_rows(reg, filters, (t for a in rows_a for t in a.themes))
    counts = tuple(tuple(sum(th.id in ts for ts in tasks[c.key].values()) for c in columns) for th in themes)
    return ThemeMatrix(themes=themes, columns=columns, counts=counts,
                       totals=tuple(len(tasks[c.key]) for c in columns), filters=filters)


def agency_theme_matrix(plan: Plan, reg: Registry, filters: Filters | None = None,
                        fold_lineage: bool = False) -> AgencyThemeMatrix:
    """One plan: for each agency with a task, the number of its tasks per theme. Filters on
    province/years are ignored (the plan is given); the others apply."""
    filters = filters or NO_FILTERS
    task_filters = Filters(themes=filters.themes, roles=filters.roles, modes=filters.modes, agencies=filters.agencies)
    rows_a = assignments([plan], reg, task_filters)
    best, members = _per_task(rows_a, reg, fold_lineage)
    rows = _rows((k[0] for k in best), reg, members, fold_lineage)
    themes = theme_rows(reg, filters, (t for a in rows_a for t in a.themes))
    per_row: dict[str, list[Assignment]] = defaultdict(list)
    for (rid, _, _), a in best.items():
        per_row[rid].append(a)
    counts = tuple(tuple(sum(th.id in a.themes for a in per_row[r.agency]) for th in themes) for r in rows)
    return AgencyThemeMatrix(plan=make_column(plan, reg), rows=rows, themes=themes, counts=counts,
                             tasks=tuple(len(per_row[r.agency]) for r in rows), filters=filters, folded=fold_lineage)


def agency_theme_matrices(plans: Iterable[Plan], reg: Registry, filters: Filters | None = None,
                          fold_lineage: bool = False) -> tuple[AgencyThemeMatrix, ...]:
    filters = filters or NO_FILTERS
    return tuple(agency_theme_matrix(p, reg, filters, fold_lineage)
                 for p in sort_plans((p for p in plans if filters.keeps_plan(p)), reg))


def filter_matrix(plans: Iterable[Plan], reg: Registry, *, themes=(), provinces=(), year_from=None,
                  year_to=None, roles=(), modes=(), agencies=(), fold_lineage: bool = False) -> Matrix:
    """Convenience: the responsibility matrix under the given filters."""
    return responsibility_matrix(plans, reg, Filters(themes=themes, provinces=provinces, year_from=year_from,
                                                     year_to=year_to, roles=roles, modes=modes, agencies=agencies),
                                 fold_lineage=fold_lineage)
