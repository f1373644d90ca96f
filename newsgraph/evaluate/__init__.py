"""``newsgraph evaluate GOLD_DIR``: score the system against a gold set (protocol in docs/evaluation.md)."""
