"""The throughput benchmark's corpus builder is deterministic (no timing here)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

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


def _pair(spacy_seconds: float, newsgraph_seconds: float) -> dict[str, object]:
    return {"spacy": {"seconds": spacy_seconds, "cpu_seconds": spacy_seconds},
            "newsgraph": {"seconds": newsgraph_seconds, "cpu_seconds": newsgraph_seconds},
            "ratio": spacy_seconds / newsgraph_seconds}


def test_paired_ratios_come_with_bootstrap_intervals() -> None:
    bench = _throughput()
    steady = bench.summarise_pairs([_pair(11.0, 10.0)] * 8, resamples=200)
    assert steady["median_ratio_interval"] == [1.1, 1.1] and steady["verdict"] == "shown"
    slower = bench.summarise_pairs([_pair(9.0, 10.0), _pair(9.5, 10.0)] * 6, resamples=200)
    assert slower["verdict"] == "missed" and slower["summed_ratio"] == 0.925
    mixed = [_pair(10.0 + delta, 10.0) for delta in (-0.4, -0.2, 0.0, 0.1, 0.3, 0.5, -0.3, 0.2)]
    summary = bench.summarise_pairs(mixed, resamples=500, seed=3)
    assert summary == bench.summarise_pairs(mixed, resamples=500, seed=3)  # fixed seed
    for name in ("median_ratio", "summed_ratio", "cpu_ratio"):
        low, high = summary[f"{name}_interval"]
        assert 0.96 <= low <= summary[name] <= high <= 1.05 and low < high
    assert summary["verdict"] == "not distinguishable from"


def test_summarise_pools_result_files_and_names_a_bad_one(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    bench = _throughput()
    for name, pairs in (("a.json", [_pair(10.0, 10.0)] * 3), ("b.json", [_pair(12.0, 10.0)] * 3)):
        (tmp_path / name).write_text(json.dumps({"paired": {"pairs": pairs}}), encoding="utf-8")
    assert bench.main(["--summarise", str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == 0
    out = capsys.readouterr().out
    assert "6 pairs" in out and "summed times 1.100x" in out
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    assert bench.main(["--summarise", str(tmp_path / "bad.json")]) == 2
    assert "bad.json: not the JSON of a --paired run" in capsys.readouterr().err
