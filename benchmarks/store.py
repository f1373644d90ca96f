"""Store benchmark: build a store of synthetic articles by the bulk path, resolve it, time the read paths.

    .venv/bin/python benchmarks/store.py --articles 100000 --db /tmp/bench.sqlite
    .venv/bin/python benchmarks/store.py --articles 1000000 --db postgresql://user@host/db

Builds through the real code: the synthetic articles are written as a batch output
(Parquet in the batch table schemas, ``--parquet``, reused when it exists), loaded with
``load_batch`` (``newsgraph load``: COPY on PostgreSQL) and resolved with
``resolve_store``.  Then times ``--queries`` random calls of each read path and prints
p50/p95/max in milliseconds:

* search       ``Store.search`` of one or two content words (limit 20)
* entity page  ``corpus_entity`` + ``entity_quotes(by, 20)`` + ``entity_articles(20)``
* timeline     ``entity_timeline(month)``
* neighbours   ``entity_neighbours(limit 50)``

Entities are drawn half from the 100 most mentioned ("head") and half uniformly ("any").
Synthetic data: Zipf-distributed vocabulary and entity popularity, 6-10 entities, one
quote and one event per article, dates spread over 2015-2024; article ``i`` depends only
on the seed and ``i``.  Results are appended as JSON lines to ``--results`` (default
benchmarks/results-store.jsonl), with the load average.  ``--articles-only`` (PostgreSQL)
builds a store for ``--search-only`` from the articles rows alone (COPY, index after).
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from newsgraph.batch.load import load_batch
from newsgraph.batch.run import MANIFEST, done_partitions, write_articles
from newsgraph.model import ActorRef, Article, DateValue, Entity, Event, Mention, Quote, Span, Speaker
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store

SYLLABLES = ["ka", "lo", "mi", "ra", "te", "vo", "su", "ne", "di", "pa", "ri", "zo", "ba", "che", "lu", "an"]
VOCABULARY_SIZE = 30_000
PERSONS, ORGANISATIONS, PLACES = 20_000, 3_000, 1_000
WORDS_PER_ARTICLE = 160


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


class Generator:
    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.seed = seed
        self.rng = rng
        self.vocabulary = list(
            dict.fromkeys(_word(rng, rng.randint(2, 4)) for _ in range(VOCABULARY_SIZE * 2))
        )
        self.vocabulary = self.vocabulary[:VOCABULARY_SIZE]
        self.word_weights = [1 / (rank + 1) for rank in range(len(self.vocabulary))]
        self.word_cumulative = list(itertools.accumulate(self.word_weights))
        names = [
            *((f"{_word(rng, 2).title()} {_word(rng, 3).title()}", "PER") for _ in range(PERSONS)),
            *((f"{_word(rng, 3).title()} Group", "ORG") for _ in range(ORGANISATIONS)),
            *((f"{_word(rng, 3).title()}ville", "LOC") for _ in range(PLACES)),
        ]
        self.entities = list(dict.fromkeys(names))
        rng.shuffle(self.entities)
        self.entity_cumulative = list(
            itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(self.entities)))
        )

    def article(self, index: int) -> Article:
        rng = random.Random(self.seed * 1_000_003 + index)
        chosen = list(dict.fromkeys(rng.choices(self.entities, cum_weights=self.entity_cumulative, k=8)))
        words = rng.choices(self.vocabulary, cum_weights=self.word_cumulative, k=WORDS_PER_ARTICLE)
        pieces: list[str] = []
        spans: dict[str, list[tuple[int, int]]] = {name: [] for name, _ in chosen}
        offset = 0
        for position, word in enumerate(words):
            if position % 20 == 5 and chosen:
                name = chosen[(position // 20) % len(chosen)][0]
                spans[name].append((offset, offset + len(name)))
                word = name
            pieces.append(word)
            offset += len(word) + 1
        text = " ".join(pieces) + "."
        source = f"synthetic/{index}.txt"
        day = DateValue(f"{2015 + index % 10}-{1 + index % 12:02d}-{1 + index % 28:02d}", "day")
        article = Article(
            Article.make_id(text, source), source, text, lang="fr" if index % 2 else "en", date=day
        )
        article.title = " ".join(words[:6])
        mentioned = [(name, etype) for name, etype in chosen if spans[name]]
        for number, (name, etype) in enumerate(mentioned):
            article.entities.append(
                Entity(
                    id=f"e{number}",
                    name=name,
                    type=etype,  # type: ignore[arg-type]
                    mentions=[Mention(s, e, name) for s, e in spans[name]],
                )
            )
        _add_quote_and_event(article)
        return article

    def articles(self, count: int, start: int = 0) -> Iterator[Article]:
        for index in range(start, start + count):
            yield self.article(index)

    def query(self) -> str:
        # Content words: ranks 50-5000 of the Zipf vocabulary (not stop-word-like heads).
        words = self.rng.sample(self.vocabulary[50:5000], k=self.rng.choice([1, 2]))
        return " ".join(words)


def _add_quote_and_event(article: Article) -> None:
    people = [e for e in article.entities if e.type == "PER"]
    if len(article.entities) < 2 or not people:
        return
    speaker, about = people[0], next(e for e in article.entities if e is not people[0])
    start = max(0, about.mentions[0].start - 30)
    end = about.mentions[0].end
    article.quotes.append(
        Quote(
            "q1", start, end, article.text[start:end], "direct", speaker=Speaker(speaker.name, speaker.id)
        )
    )
    trigger = article.entities[0].mentions[0]
    article.events.append(
        Event(
            "v1",
            "meet",
            None,
            Span(trigger.start, trigger.end, trigger.text),
            (0, len(article.text)),
            source=[ActorRef(speaker.id, speaker.name)],
            target=[ActorRef(about.id, about.name)],
        )
    )


def synthetic_batch(generator: Generator, count: int, *, out: Path, partition_size: int) -> Path:
    """A batch output holding synthetic articles 0 … count-1 (written once, then reused)."""
    if (out / MANIFEST).exists():
        held = len(done_partitions(out))
        if held * partition_size < count:
            raise SystemExit(f"{out} holds {held} partitions of {partition_size}; use another --parquet")
        return out
    started = time.perf_counter()
    starts = range(0, count, partition_size)
    parts = (list(generator.articles(min(partition_size, count - s), start=s)) for s in starts)
    written = write_articles(out, parts, label=f"synthetic seed {generator.seed}, {count} articles")
    print(f"  wrote {written} partitions in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return out


SEARCH_INDEX = "ix_articles_search_dated"  # PostgreSQL's GIN index of words and date buckets (0006)


def _search_index_sql() -> str:
    revision = importlib.import_module("newsgraph.store.migrations.versions.0006_search_date_buckets")
    return f"CREATE INDEX {SEARCH_INDEX} ON articles USING gin (search_vector, {revision.DATE_BUCKETS})"


def drop_search_index(store: Store) -> None:
    """PostgreSQL: no full-text index during the load (``--defer-search-index``)."""
    with store.transaction() as connection:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


def create_search_index(store: Store) -> float:
    """PostgreSQL: build revision 0006's index once, after the load; returns seconds."""
    started = time.perf_counter()
    with store.transaction() as connection:
        connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
        connection.exec_driver_sql(_search_index_sql())
        connection.exec_driver_sql("ANALYZE articles")
    return round(time.perf_counter() - started, 1)


ARTICLE_COLUMNS = ("id", "source", "url", "title", "outlet", "author", "lang", "date_value", "date_precision",
                   "text", "notes")


def build_articles_only(store: Store, batch: Path) -> dict[str, float]:
    """PostgreSQL, for ``--search-only``: only the batch's ``articles`` rows, COPYed in
    partition order (search reads no other table), the search index dropped during the copy
    and built once after it.  ``content_hash`` is the article id (nothing searched reads it)."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    if not store.name.startswith("postgresql"):
        raise SystemExit("--articles-only builds a PostgreSQL store")
    load_average, started = os.getloadavg()[0], time.perf_counter()
    drop_search_index(store)
    columns = ", ".join((*ARTICLE_COLUMNS, "content_hash", "ingested_at"))
    copied = 0
    raw = store._engine.raw_connection()  # psycopg's COPY
    try:
        cursor = raw.cursor()
        for part in sorted((batch / "articles").glob("part-*.parquet")):
            rows = pq.read_table(part, columns=list(ARTICLE_COLUMNS)).to_pylist()
            with cursor.copy(f"COPY articles ({columns}) FROM STDIN") as copy:
                for row in rows:
                    values = [row[name] for name in ARTICLE_COLUMNS]
                    values[-1] = json.dumps(row["notes"] or [])
                    copy.write_row((*values, row["id"], "2026-01-01T00:00:00Z"))
            raw.commit()
            copied += len(rows)
    finally:
        raw.close()
    copy_seconds = round(time.perf_counter() - started, 1)
    return {
        "load_articles": copied,
        "copy_seconds": copy_seconds,
        "search_index_seconds": create_search_index(store),
        "load_average_before_build": round(load_average, 2),
        "load_average_after_build": round(os.getloadavg()[0], 2),
    }


def build(
    store: Store, batch: Path, *, defer_search_index: bool = False, resolve: bool = True
) -> dict[str, float]:
    last = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 30:
            print(f"  {done:,}/{total:,} articles loaded", file=sys.stderr, flush=True)
            last[0] = time.perf_counter()

    load_average = os.getloadavg()[0]
    if defer_search_index:
        drop_search_index(store)
    loaded = load_batch(batch, store, progress=progress)
    if loaded.failures or loaded.bad_partitions:
        raise SystemExit(f"load failed: {(loaded.failures + loaded.bad_partitions)[:3]}")
    index_seconds = create_search_index(store) if defer_search_index else None
    started = time.perf_counter()

    def step(name: str) -> None:
        print(f"  {time.perf_counter() - started:6.0f} s resolve: {name}", file=sys.stderr, flush=True)

    if resolve:
        report = resolve_store(store, on_step=step)
        print(f"  resolved: {report.records} names -> {report.entities} entities", file=sys.stderr)
    resolved = time.perf_counter()
    return {
        "load_seconds": round(loaded.seconds, 1),
        "load_articles": loaded.ingested + loaded.updated,
        "load_rows": loaded.rows,
        "load_rows_per_second": round(loaded.rows_per_second),
        "load_articles_per_second": round(loaded.articles_per_second),
        **({"search_index_seconds": index_seconds} if index_seconds is not None else {}),
        **({"resolve_seconds": round(resolved - started, 1)} if resolve else {}),
        "load_average_before_build": round(load_average, 2),
        "load_average_after_build": round(os.getloadavg()[0], 2),
    }


def timed(call: Callable[[str], object], inputs: list[str]) -> list[float]:
    """Milliseconds of ``call(item)`` for each input."""
    durations = []
    for item in inputs:
        started = time.perf_counter()
        call(item)
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def summary(durations: list[float]) -> dict[str, float]:
    ordered = sorted(durations)
    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
        "max": round(ordered[-1], 2),
    }


def entity_page(store: Store, entity_id: str) -> None:
    store.corpus_entity(entity_id)
    store.entity_quotes(entity_id, role="by", limit=20)
    store.entity_articles(entity_id, limit=20)


def measure(
    store: Store, generator: Generator, queries: int, *, search_only: bool = False
) -> dict[str, dict[str, float]]:
    rng = random.Random(7)
    searches = [generator.query() for _ in range(queries)]
    results = {"search": summary(timed(lambda q: store.search(q, limit=20), searches))}
    if search_only:
        return results
    head = [e.id for e in store.corpus_entities(limit=100)]
    everyone = [e.id for e in store.corpus_entities(limit=10_000)]
    for label, pool in (("head", head), ("any", everyone)):
        picks = [rng.choice(pool) for _ in range(queries)]
        results[f"entity page ({label})"] = summary(timed(lambda i: entity_page(store, i), picks))
        results[f"timeline ({label})"] = summary(
            timed(lambda i: store.entity_timeline(i, granularity="month"), picks)
        )
        results[f"neighbours ({label})"] = summary(
            timed(lambda i: store.entity_neighbours(i, limit=50), picks)
        )
    return results


def server_settings(store: Store) -> dict[str, str]:
    """The PostgreSQL settings read paths depend on (nothing for SQLite), and the commit."""
    settings = {"commit": _git_commit()}
    if store.name.startswith("postgresql"):
        with store.transaction() as connection:
            for name in ("shared_buffers", "work_mem", "effective_cache_size"):
                settings[name] = str(connection.exec_driver_sql(f"SHOW {name}").scalar())
    return settings


def _git_commit() -> str:
    import subprocess

    command = ["git", "rev-parse", "--short", "HEAD"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=Path(__file__).parent)
    return done.stdout.strip() or "?"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True, help="SQLite path or postgresql:// URL")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--partition-size", type=int, default=5000, help="articles per Parquet partition")
    parser.add_argument(
        "--parquet", type=Path, default=None, help="synthetic batch output (default under /tmp)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-build", action="store_true", help="measure an existing store only")
    parser.add_argument(
        "--defer-search-index",
        action="store_true",
        help="PostgreSQL: drop the full-text index before the load and build it once after",
    )
    parser.add_argument(
        "--search-only", action="store_true", help="time search only (a store not resolved yet)"
    )
    parser.add_argument(
        "--no-resolve", action="store_true", help="build without resolving (enough for --search-only)"
    )
    parser.add_argument(
        "--articles-only",
        action="store_true",
        help="PostgreSQL: build only the articles rows (COPY) and the search index, for --search-only",
    )
    parser.add_argument("--results", type=Path, default=Path(__file__).with_name("results-store.jsonl"))
    options = parser.parse_args()
    generator = Generator(options.seed)
    parquet = options.parquet or Path(f"/tmp/newsgraph-synthetic-{options.articles}-{options.seed}")
    with Store.open(options.db) as store:
        timings: dict[str, float] = {}
        if not options.skip_build:
            size = options.partition_size
            batch = synthetic_batch(generator, options.articles, out=parquet, partition_size=size)
            if options.articles_only:
                timings = build_articles_only(store, batch)
            else:
                timings = build(
                    store, batch, defer_search_index=options.defer_search_index,
                    resolve=not options.no_resolve,
                )
        counts = store.stats()
        load_average = os.getloadavg()[0]
        settings = server_settings(store)
        latencies = measure(store, generator, options.queries, search_only=options.search_only)
    record = {
        "db": store.name.split("?")[0],
        "articles": counts["articles"],
        "entities": counts["entities"],
        **timings,
        **settings,
        "load_average_before_queries": round(load_average, 2),
        "load_average_after_queries": round(os.getloadavg()[0], 2),
        "latency_ms": latencies,
    }
    print(json.dumps(record, indent=2))
    with options.results.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
