"""Statistics benchmark: the /api/stats endpoints over 10,000 articles (issue #19).

    .venv/bin/python benchmarks/stats.py --db /tmp/stats.sqlite --articles 10000
    .venv/bin/python benchmarks/stats.py --db postgresql+psycopg://user@host/db --articles 10000

Builds the store when it holds no article yet: the synthetic articles of
``benchmarks/store.py`` (``Generator``, seed 1), each given an outlet (one of 12) and four
more quotes (two by other people of the article, one by an unnamed group, one
unattributed) and a second event, saved with ``Store.save`` and resolved.  Then times
``--queries`` requests of each endpoint through FastAPI's test client (the HTTP layer, the
search, the SQL and the JSON; one client), with ``limit=10000`` (every article) and
random parameters: ``by`` all/outlet/period, granularity month or year, every network
kind, one request in four with a full-text query (a content word of the vocabulary).
Prints p50 / p95 / max in milliseconds and appends them as one JSON line to ``--results``
(default benchmarks/results-stats.jsonl) with the load average and the commit.
``--old`` also times one request of the previous way (every article read back, tallies
in Python) for comparison; ``--kinds N`` times N network requests of each kind over every
article (min / p50 / max).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from newsgraph.api import ApiSettings, create_app
from newsgraph.model import ActorRef, Article, Event, Quote, Span, Speaker
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store import Generator  # type: ignore[import-not-found]  # benchmarks/store.py

OUTLETS = [f"Outlet {n}" for n in range(12)]
SAVE_BATCH = 500
ENDPOINTS = ("quoted", "shares", "per-article", "gender", "over-time", "network", "event-pairs")
KINDS = ("coquoted", "cooccurrence", "about", "event")


def richer(generator: Generator, count: int) -> Iterator[Article]:
    """The benchmark store's articles, with an outlet, five quotes and two events each."""
    for index, article in enumerate(generator.articles(count)):
        article.outlet = OUTLETS[index % len(OUTLETS)]
        people = [e for e in article.entities if e.type == "PER"]
        spans = [(m.start, m.end) for e in article.entities for m in e.mentions]
        speakers = [Speaker(p.name, p.id) for p in people[1:3]]
        speakers += [Speaker("des responsables", None, how="group"), None]
        for number, (speaker, (start, end)) in enumerate(zip(speakers, spans[1:], strict=False), start=2):
            begin = max(0, start - 40)
            article.quotes.append(Quote(f"q{number}", begin, end, article.text[begin:end], "direct",
                                        speaker=speaker))
        if len(article.entities) >= 2:
            first, second = article.entities[:2]
            trigger = second.mentions[0]
            article.events.append(Event(
                "v2", "CONSULT", None, Span(trigger.start, trigger.end, trigger.text), (0, len(article.text)),
                source=[ActorRef(second.id, second.name)], target=[ActorRef(first.id, first.name)],
            ))
        yield article


def build(db: str, count: int) -> None:
    generator = Generator(1)
    started = time.perf_counter()
    with Store.open(db) as store:
        batch: list[Article] = []
        for article in richer(generator, count):
            batch.append(article)
            if len(batch) == SAVE_BATCH:
                store.save(batch)
                batch = []
        if batch:
            store.save(batch)
        print(f"  saved {count} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        resolve_store(store)
    print(f"  built and resolved in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def held(db: str) -> int:
    with Store.open(db) as store:
        return int(store.stats().get("articles", 0))


def request(rng: random.Random, endpoint: str, generator: Generator) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": 10_000}
    if rng.random() < 0.25:
        params["query"] = generator.rng.choice(generator.vocabulary[50:5000])
    if endpoint in ("quoted", "shares", "gender"):
        params["by"] = rng.choice(["all", "outlet", "period"])
    if endpoint in ("quoted", "shares", "gender", "over-time", "event-pairs"):
        params["granularity"] = rng.choice(["month", "year"])
    if endpoint == "over-time":
        params["speaker"] = generator.rng.choice(generator.entities[:200])[0].split()[0]
    if endpoint == "network":
        params["kind"] = rng.choice(KINDS)
    return params


def time_endpoint(client: TestClient, endpoint: str, inputs: list[dict[str, Any]]) -> list[float]:
    durations = []
    for params in inputs:
        started = time.perf_counter()
        response = client.get(f"/api/stats/{endpoint}", params=params)
        durations.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"/api/stats/{endpoint} {params}: {response.status_code} {response.text[:300]}")
    return durations


def time_kinds(db: str, requests: int) -> dict[str, dict[str, float]]:
    """``requests`` network requests of each kind over every article (``limit=10000``, no
    query): the heaviest ones, which a p95 of 20 random requests may draw seldom."""
    results: dict[str, dict[str, float]] = {}
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        time_endpoint(client, "network", [{"limit": 10_000, "kind": "event"}])  # start-up
        for kind in KINDS:
            inputs = [{"limit": 10_000, "kind": kind}] * requests
            durations = sorted(time_endpoint(client, "network", inputs))
            results[kind] = {"min": round(durations[0], 1), "p50": round(statistics.median(durations), 1),
                             "max": round(durations[-1], 1)}
            print(f"  network {kind:12} over every article: min {durations[0]:7.1f}"
                  f"  p50 {results[kind]['p50']:7.1f}  max {durations[-1]:7.1f} ms", flush=True)
    return results


def summary(durations: list[float]) -> dict[str, float]:
    ordered = sorted(durations)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
        "max": round(ordered[-1], 1),
    }


def old_way(db: str) -> float:
    """Seconds of one ``stats quoted`` the previous way: every article read back, tallied in Python."""
    from newsgraph.analysis.quotes import tally_quotes, top_quoted
    from newsgraph.export.select import Selection, iter_linked

    started = time.perf_counter()
    top_quoted(tally_quotes(iter_linked(db, Selection(limit=10_000))))
    return time.perf_counter() - started


def _commit() -> str:
    command = ["git", "rev-parse", "--short", "HEAD"]
    found = subprocess.run(command, capture_output=True, text=True, check=False)
    return found.stdout.strip()


def measure(db: str, queries: int, seed: int) -> dict[str, Any]:
    rng, generator = random.Random(seed), Generator(1)
    results: dict[str, Any] = {}
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        time_endpoint(client, "quoted", [{"limit": 10_000}])  # start-up, pool, caches
        for endpoint in ENDPOINTS:
            inputs = [request(rng, endpoint, generator) for _ in range(queries)]
            results[endpoint] = summary(time_endpoint(client, endpoint, inputs))
            print(f"  {endpoint:12} p50 {results[endpoint]['p50']:7.1f}  p95 {results[endpoint]['p95']:7.1f}"
                  f"  max {results[endpoint]['max']:7.1f} ms", flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True, help="SQLite path or SQLAlchemy URL")
    parser.add_argument("--articles", type=int, default=10_000, help="articles to build into an empty store")
    parser.add_argument("--queries", type=int, default=100, help="requests per endpoint")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--old", action="store_true", help="also time one request the previous way")
    parser.add_argument("--results", type=Path, default=Path(__file__).with_name("results-stats.jsonl"))
    parser.add_argument("--kinds", type=int, default=0, metavar="N",
                        help="also time N network requests of each kind over every article")
    parser.add_argument("--note", default="", help="a note kept in the record (e.g. which code ran)")
    options = parser.parse_args()
    if held(options.db) == 0:
        build(options.db, options.articles)
    load_before = os.getloadavg()[0]
    record: dict[str, Any] = {
        "db": "postgresql" if options.db.startswith("postgresql") else "sqlite",
        "articles": held(options.db), "queries": options.queries, "commit": _commit(),
    }
    record["ms"] = measure(options.db, options.queries, options.seed)
    if options.kinds:
        record["network_kinds_ms"] = time_kinds(options.db, options.kinds)
    if options.note:
        record["note"] = options.note
    if options.old:
        record["old_quoted_s"] = round(old_way(options.db), 2)
        print(f"  previous way, stats quoted of every article: {record['old_quoted_s']} s")
    record["load"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    with options.results.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    return 0



if __name__ == "__main__":
    sys.exit(main())
