"""Views beyond the per-plan pages: matrix, comparisons, transfer, downloads. Wired into build."""
from __future__ import annotations


def pages_and_files(plans, reg, config, lang):
    return [], {}
