"""How fast exports and statistics read a store (docs/exports.md, docs/analysis.md).

    .venv/bin/python tools/read_speed.py --db /tmp/reads.sqlite --articles 5000
    .venv/bin/python tools/read_speed.py --db 'postgresql+psycopg://user@host/db' --articles 5000

Builds the store when it holds no article yet: ``--articles`` synthetic articles of
``benchmarks/store.py`` (``Generator``, seed 1) saved with ``Store.save``, then resolved.
Then times, in this process (start-up excluded): ``newsgraph export jsonl`` to a temporary
file, ``newsgraph stats quoted`` and ``stats network --kind cooccurrence`` (through click's
test runner), and ``GET /api/stats/quoted?limit=1000`` (FastAPI's test client), printing
articles/s with the load average before and after each.  To compare two versions of the
code, run it with ``PYTHONPATH`` pointing at each version's tree, alternately.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import click
from click.testing import CliRunner

from newsgraph.cli_export import export, stats
from newsgraph.store import Store

REPO = Path(__file__).resolve().parents[1]
SAVE_BATCH = 500


def build(db: str, count: int) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from store import Generator  # type: ignore[import-not-found]  # benchmarks/store.py

    from newsgraph.resolve.run import resolve_store

    generator = Generator(1)
    with Store.open(db) as store:
        for start in range(0, count, SAVE_BATCH):
            store.save(list(generator.articles(min(SAVE_BATCH, count - start), start=start)))
        resolve_store(store)


def held(db: str) -> int:
    with Store.open(db) as store:
        return int(store.stats().get("articles", 0))


def timed(label: str, articles: int, call: Callable[[], None]) -> None:
    load = os.getloadavg()[0]
    started = time.perf_counter()
    call()
    seconds = time.perf_counter() - started
    print(
        f"{label}: {articles} articles in {seconds:.2f} s = {articles / seconds:,.0f} articles/s "
        f"(load average {load:.2f} -> {os.getloadavg()[0]:.2f})",
        flush=True,
    )


def run_cli(command: click.Command, *args: str) -> None:
    result = CliRunner().invoke(command, list(args))
    if result.exit_code != 0:
        raise SystemExit(f"{command.name} {' '.join(args)} failed: {result.output}")


def time_api(db: str, articles: int) -> None:
    from fastapi.testclient import TestClient

    from newsgraph.api import ApiSettings, create_app

    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        def quoted() -> None:
            response = client.get("/api/stats/quoted", params={"limit": 1000})
            if response.status_code != 200:
                raise SystemExit(f"/api/stats/quoted: {response.status_code} {response.text}")

        quoted()  # first request: app start-up, connection pool
        timed("/api/stats/quoted?limit=1000", min(articles, 1000), quoted)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True, help="SQLite path or SQLAlchemy URL")
    parser.add_argument(
        "--articles", type=int, default=5000, help="synthetic articles to build into an empty store"
    )
    options = parser.parse_args()
    if held(options.db) == 0:
        build(options.db, options.articles)
    articles = held(options.db)
    with tempfile.TemporaryDirectory() as directory:
        out = str(Path(directory) / "export.jsonl")
        timed("export jsonl", articles, lambda: run_cli(export, "jsonl", "-o", out, "--db", options.db))
    timed("stats quoted", articles, lambda: run_cli(stats, "quoted", "--json", "--db", options.db))
    timed("stats network --kind cooccurrence", articles,
          lambda: run_cli(stats, "network", "--kind", "cooccurrence", "--json", "--db", options.db))
    time_api(options.db, articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
