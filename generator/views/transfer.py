"""/transfer/: who holds the key roles before and after the restructuring, the tasks of each
lineage laid out by theme, every lineage of the registry and the acts that decided them."""
from __future__ import annotations

from .. import urls
from ..model import KEY_ROLE_NAMES
from . import Page

CONTEXT = {"transfer.html": {"main", "others", "before_rows", "after_rows", "key_role_names", "restructuring_date",
                             "lineage_rows", "acts", "plans_by_key", "transfer_anchor", "kinds"}}
TRANSFER_KINDS = ("moved", "changed", "new", "dropped", "kept", "pending")


def transfer_anchor(tr, item) -> str:
    side = lambda ref: (ref.plan.replace("/", "-") + "-" + ref.id) if ref else ""
    return f"x-{tr.predecessor}--{tr.successor}--{side(item.a)}--{side(item.b)}"


def pages(view):
    a = view.analysis
    cmp = a.comparisons
    yield Page(urls.transfer(), "transfer.html", view.t("transfer"),
               {"main": cmp.main, "others": cmp.others, "before_rows": cmp.key_roles_before,
                "after_rows": cmp.key_roles_after, "key_role_names": KEY_ROLE_NAMES,
                "restructuring_date": cmp.policy.restructuring_date, "lineage_rows": cmp.lineage_rows,
                "acts": cmp.acts, "plans_by_key": {p.key: p for p in a.plans}, "transfer_anchor": transfer_anchor,
                "kinds": TRANSFER_KINDS},
               view.t("transfer_description"), source="transfer")
