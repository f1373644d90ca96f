"""The throughput benchmark's corpus builder is deterministic (no timing here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def _throughput() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_throughput", REPO / "benchmarks" / "throughput.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_is_deterministic_and_in_dev_proportion(dev_dir: Path) -> None:
    bench = _throughput()
    first = bench.build_corpus(dev_dir, 70, seed=7)
    assert first == bench.build_corpus(dev_dir, 70, seed=7)
    assert first != bench.build_corpus(dev_dir, 70, seed=8)
    assert len(first) == 70
    dev = bench.read_dev_set(dev_dir)
    share_en = sum(1 for lang, _ in dev if lang == "en") / len(dev)
    assert sum(1 for lang, _ in first if lang == "en") == round(70 * share_en)
    for _lang, text in first:
        assert text.strip() and not text.lstrip().startswith("date ")
