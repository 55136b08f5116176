"""A plan's agencies carried to another date through the registry lineage (generator/registry.py):
the agency lists and role maps of plan files, remapped. For `plansite new` and the synthetic corpus."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import strongest


def carry_roles(roles: dict, to: Callable[[str], str]) -> dict:
    """{agency: role} with each agency replaced by `to(agency)`; where two become one, the stronger role."""
    out: dict[str, str] = {}
    for aid, role in roles.items():
        new = to(aid)
        out[new] = strongest((out[new], role)) if new in out else role
    return out


def carry_agencies(ids: Iterable[str], to: Callable[[str], str]) -> list[str]:
    """The agencies replaced by `to(agency)`, in order, each once."""
    out: list[str] = []
    for aid in ids:
        new = to(aid)
        if new not in out:
            out.append(new)
    return out
