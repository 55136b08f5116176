"""Block and task ids as plan files write them: `<agency id>[-<n>]` for a block, `<block id>-<ref part>`
for a task, unique within the plan (schema/README.md)."""
from __future__ import annotations

import re

from ..text import fold


def unique(base: str, used: set) -> str:
    """`base`, else `base-2`, `base-3`, ...: the first not in `used` (which it joins)."""
    ident, n = base, 2
    while ident in used:
        ident, n = f"{base}-{n}", n + 1
    used.add(ident)
    return ident


def id_part(ref_part: str) -> str:
    """A task's ref part as an id part: 'a' -> 'a', 'đ' -> 'dd', 'p3' -> 'p3'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(ref_part.replace("đ", "dd").replace("Đ", "dd"))).strip("-") or "x"
