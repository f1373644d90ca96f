"""Hostile search queries through the API and the web UI (issue #16): time per endpoint.

    .venv/bin/python benchmarks/hostile_search.py --db /tmp/hostile.sqlite
    .venv/bin/python benchmarks/hostile_search.py --db 'postgresql://user@host/db?options=-csearch_path%3Dhostile'

Builds, when the store is empty, ``--articles`` synthetic articles of ``--words`` words
(benchmarks/store.py's generator: Zipf vocabulary of syllable words, dates over 2015-2024,
half French, half English) with ``Store.save``.  Then sends each hostile query ``--repeat``
times to every endpoint that searches (``/api/search``, ``/api/timeline``,
``/api/stats/quoted?query=``, ``/``, ``/timeline``) through FastAPI's TestClient and
prints, per endpoint, the statuses seen and p50 / p95 / max in seconds.  The hostile
queries: the review's 497 characters of ``a* a* …``, the same with the syllable prefix
``ka*`` (the synthetic words start with syllables), the longest and most prefixed queries
the bounds admit, a 300-character word, and 16 distinct syllable prefixes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import store as synthetic  # benchmarks/store.py: the synthetic generator

from newsgraph.api import ApiSettings, create_app
from newsgraph.store import Store

ENDPOINTS = [("/api/search", "q"), ("/api/timeline", "q"), ("/api/stats/quoted", "query"), ("/", "q"),
             ("/timeline", "q")]
SYLLABLES = synthetic.SYLLABLES


def hostile_queries() -> dict[str, str]:
    return {
        "a* x166 (497 chars)": " ".join(["a*"] * 166)[:497],
        "ka* x124 (497 chars)": " ".join(["ka*"] * 125)[:497],
        "4 prefixes + 12 words": " ".join(
            [*(f"{s}*" for s in SYLLABLES[:4]), *(s * 2 for s in SYLLABLES[4:16])]
        ),
        "4 one-letter prefixes": "k* l* m* r*",
        "16 syllable prefixes": " ".join(f"{s}*" for s in SYLLABLES),
        "300-character word": "ka" * 150,
    }


def build(db: str, articles: int, words: int) -> None:
    synthetic.WORDS_PER_ARTICLE = words
    with Store.open(db) as store:
        if store.search("ka*", limit=1):
            return  # built already
        generator = synthetic.Generator(7)
        batch = []
        for article in generator.articles(articles):
            batch.append(article)
            if len(batch) == 100:
                store.save(batch)
                batch = []
        store.save(batch)


def measure(db: str, repeat: int) -> dict[str, dict[str, object]]:
    results: dict[str, dict[str, object]] = {}
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        for path, name in ENDPOINTS:
            durations: list[float] = []
            statuses: Counter[int] = Counter()
            for label, query in hostile_queries().items():
                for _ in range(repeat):
                    started = time.perf_counter()
                    response = client.get(path, params={name: query})
                    durations.append(time.perf_counter() - started)
                    statuses[response.status_code] += 1
                    if _ == 0:
                        took = durations[-1]
                        print(f"  {path:<20} {label:<24} {response.status_code} {took:7.3f} s", flush=True)
            durations.sort()
            results[path] = {
                "statuses": dict(statuses),
                "p50": round(statistics.median(durations), 3),
                "p95": round(durations[max(0, round(0.95 * len(durations)) - 1)], 3),
                "max": round(durations[-1], 3),
            }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True)
    parser.add_argument("--articles", type=int, default=420)
    parser.add_argument("--words", type=int, default=600, help="words per synthetic article")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    build(args.db, args.articles, args.words)
    results = measure(args.db, args.repeat)
    for path, row in results.items():
        times = f"p50 {row['p50']} s  p95 {row['p95']} s  max {row['max']} s"
        print(f"{path:<20} statuses {row['statuses']}  {times}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
