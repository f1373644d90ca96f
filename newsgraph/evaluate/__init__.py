"""``newsgraph evaluate GOLD_DIR``: score newsgraph on a gold set (docs/evaluation.md)."""
