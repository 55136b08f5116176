"""Where each task stands in its source text: the source split into numbered paragraphs (clauses)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import urls
from ..model import Plan
from ..text import fold, squash


@dataclass(frozen=True)
class Clause:
    id: str     # the paragraph's anchor on the source page: s1, s2, ...
    text: str


@dataclass(frozen=True)
class PlanClauses:
    clauses: tuple[Clause, ...]
    task_clause: dict  # task id -> clause anchor (None when the task's words are not found)


def split_clauses(raw: str) -> tuple[Clause, ...]:
    paras = [p.strip("\n") for p in re.split(r"\n\s*\n", raw) if p.strip()]
    return tuple(Clause(urls.clause_anchor(i + 1), p) for i, p in enumerate(paras))


def clause_for(task_text: str, folded_clauses: list[tuple[str, str]]) -> str | None:
    """The anchor of the source paragraph where a task's text starts (best effort, whitespace-insensitive)."""
    probe = fold(squash(task_text))[:30]
    for anchor, text in folded_clauses:
        if probe and probe in text:
            return anchor
    return None


def plan_clauses(plan: Plan, raw: str) -> PlanClauses:
    clauses = split_clauses(raw)
    folded = [(c.id, fold(squash(c.text.replace("*", "")))) for c in clauses]
    return PlanClauses(clauses, {task.id: clause_for(task.item.full_text, folded) for task in plan.tasks})
