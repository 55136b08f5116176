"""Analyse: the corpus -> one language-free Analysis per build (assignments, matrices, comparisons, figure data)."""
