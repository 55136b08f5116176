"""/transfer/: who holds each function before and after 1 March 2025.

The functions × plans table (each province line's plan before and plan after, handover events
first), the national count by year (a chart and its table), the decree-by-decree crosswalk, and
"function -> who holds it now, where". Task texts stay on the successions this page links to, so
the page grows with provinces, not with plans.
"""
from __future__ import annotations

from .. import urls
from ..analysis.comparisons import MAIN_LINEAGE, holding_targets
from ..analysis.functions import VERDICTS
from ..model import KEY_ROLE_NAMES
from ..text import collation_key
from . import File, Page, figures

CONTEXT = {"transfer.html": {"groups", "function_ids", "verdicts", "national", "chart", "holders_now",
                             "crosswalk", "acts", "restructuring_date", "plans_by_key", "n_handovers", "lineage", "toc"}}
SECTIONS = (("functions", "fn_table_heading"), ("national", "fn_national_heading"), ("crosswalk", "fn_crosswalk_heading"),
            ("now", "fn_now_heading"), ("cite", "cite"))  # anchor, label: the page's sections, for its contents menu


def table_groups(a, lang) -> list[dict]:
    """One group per province line: the plan before and the plan after the restructuring date, with the
    line's handover event when there is one. Handover events first (by date), then lines with plans on
    one side only, by province name."""
    by_key = {p.key: p for p in a.plans}
    cutoff = a.comparisons.policy.restructuring_date
    events, lines = [], []
    seen: set[str] = set()
    for h in a.handovers:
        seen.update((h.a, h.b))
        events.append({"province": by_key[h.b].province, "plans": (by_key[h.a], by_key[h.b]), "handover": h})
    for p in a.plans:
        if p.key in seen:
            continue
        if p.reading_date < cutoff and p.key not in a.next_plan:  # its line ends before the date
            lines.append({"province": p.province, "plans": (p,), "handover": None, "side": "before"})
        elif p.reading_date >= cutoff and p.key not in a.previous_plans:  # its line starts after it
            lines.append({"province": p.province, "plans": (p,), "handover": None, "side": "after"})
    lines.sort(key=lambda g: (collation_key(lang.province_name(g["province"])), g["plans"][0].reading_date))
    for g in events + lines:
        g["rows"] = [(p, _cells(p, a.functions[p.key], g["handover"] if p is g["plans"][-1] and g["handover"] else None))
                     for p in g["plans"]]
    return events + lines


def _cells(plan, held, handover) -> list[tuple]:
    """(holding, handover row or None, clause) for each key role of a plan; rows only on the plan after a handover."""
    verdicts = {r.function: r for r in handover.rows} if handover else {}
    where = holding_targets(plan, held)
    return [(h, verdicts.get(h.function), where[h.function]) for h in held if h.function in KEY_ROLE_NAMES]


def crosswalk(a) -> list[tuple[str | None, list]]:
    """The registry's lineage steps grouped by the act that decided them (acts by date; steps with no act last)."""
    rows = a.comparisons.lineage_rows
    out = [(act, [r for r in rows if act in r.acts]) for act in a.comparisons.acts]
    unsourced = [r for r in rows if not any(x in a.registry.legal_acts for x in r.acts)]
    if unsourced:
        out.append((None, unsourced))
    return out


def pages(view):
    a, lang = view.analysis, view.language
    cmp = a.comparisons
    fig = figures.function_bars(a.national, MAIN_LINEAGE, view.renderer, KEY_ROLE_NAMES)
    yield Page(urls.transfer(), "transfer.html", view.t("transfer"),
               {"groups": table_groups(a, lang), "function_ids": a.function_ids, "verdicts": VERDICTS,
                "national": a.national, "chart": {"path": urls.transfer_figure(), "width": fig.width, "height": fig.height},
                "holders_now": a.holders_now, "crosswalk": crosswalk(a), "acts": cmp.acts,
                "restructuring_date": cmp.policy.restructuring_date, "plans_by_key": {p.key: p for p in a.plans},
                "n_handovers": len(a.handovers), "lineage": MAIN_LINEAGE,
                "toc": [(anchor, view.t(key)) for anchor, key in SECTIONS]},
               view.t("transfer_description"), source="transfer")
    yield File(urls.transfer_figure(), fig.svg.encode("utf-8"), source="transfer")


