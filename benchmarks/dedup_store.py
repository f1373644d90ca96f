"""What finding near-duplicates costs when articles are saved (issue #18; benchmarks/README-store.md).

Saves synthetic articles (benchmarks/store.py's generator, ``--words`` words each; every
``--copy-every``-th article a lightly edited copy of an earlier one) into a fresh store twice:
with the near-duplicate step (``newsgraph.store.duplicates.index_articles``: signature, bands,
candidates, groups, copies) and without it, and prints the time per article of both, the
signature alone, and the groups found.

    .venv/bin/python benchmarks/dedup_store.py --articles 5000 --db /tmp/dedup.sqlite
    .venv/bin/python benchmarks/dedup_store.py --articles 5000 --db postgresql://user@host/db
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import store as synthetic
from sqlalchemy import create_engine, func, select, text

from newsgraph.batch.load import load_batch
from newsgraph.batch.run import write_articles
from newsgraph.model import Article
from newsgraph.store import Store
from newsgraph.store import duplicates as dup
from newsgraph.store.engine import resolve_url
from newsgraph.store.schema import near_duplicates, quote_copies

BATCH = 100


def corpus(count: int, *, words: int, copy_every: int, seed: int) -> Iterator[Article]:
    synthetic.WORDS_PER_ARTICLE = words
    generator = synthetic.Generator(seed)
    rng = random.Random(seed)
    for index in range(count):
        if copy_every and index % copy_every == copy_every - 1:
            yield _edited_copy(generator.article(rng.randrange(index)), index, rng)
        else:
            yield generator.article(index)


def _edited_copy(original: Article, index: int, rng: random.Random) -> Article:
    """The original with a credit line before it and 3 % of its words dropped (its quote and
    event kept where their text still is)."""
    words = original.text.split(" ")
    kept = " ".join(w for w in words if rng.random() > 0.03)
    text = "PARIS (AFP) - " + kept
    source = f"copies/{index}.txt"
    copy = Article(Article.make_id(text, source), source, text, lang=original.lang, date=original.date)
    for quote in original.quotes:
        if quote.text in text:
            start = text.index(quote.text)
            copy.quotes.append(type(quote)(quote.id, start, start + len(quote.text), quote.text, quote.kind,
                                           speaker=quote.speaker))
    return copy


SCHEMA = "newsgraph_bench_dedup"


def _drop(url: str) -> str:
    """A fresh store at ``url``: the SQLite file removed, or on PostgreSQL the schema
    SCHEMA dropped and made again (the URL returned points into it)."""
    if "://" not in url:
        for suffix in ("", "-wal", "-shm"):
            Path(url + suffix).unlink(missing_ok=True)
        return url
    engine = create_engine(resolve_url(url))
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
    engine.dispose()
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{SCHEMA}"


def save_all(
    url: str, articles: list[Article], *, with_duplicates: bool, batch: Path | None
) -> tuple[float, str]:
    """Seconds to store ``articles`` in a fresh store: ``Store.save``, or ``load_batch`` of
    ``batch`` (their batch output, signatures included) when given."""
    url = _drop(url)
    original = dup.index_articles
    if not with_duplicates:
        dup.index_articles = lambda connection, new, regroup=(), known=None: None  # type: ignore[assignment]
    try:
        with Store.open(url) as store:
            started = time.perf_counter()
            if batch is None:
                store.save(articles, batch_size=BATCH)
            else:
                load_batch(batch, store)
            return time.perf_counter() - started, url
    finally:
        dup.index_articles = original  # type: ignore[assignment]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--copy-every", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--load", action="store_true",
                        help="load a batch output of the articles (newsgraph load) instead of Store.save")
    parser.add_argument("--db", required=True, help="SQLite path, or PostgreSQL URL (in a schema of its own)")
    options = parser.parse_args()
    articles = list(corpus(options.articles, words=options.words, copy_every=options.copy_every,
                           seed=options.seed))
    started = time.perf_counter()
    for article in articles:
        dup.signature_of(article.text)
    signature = time.perf_counter() - started
    batch = None
    if options.load:
        batch = Path(tempfile.mkdtemp(prefix="newsgraph-bench-dedup-")) / "out"
        write_articles(batch, [articles[i : i + 1000] for i in range(0, len(articles), 1000)], label="bench")
    without, _ = save_all(options.db, articles, with_duplicates=False, batch=batch)
    with_duplicates, url = save_all(options.db, articles, with_duplicates=True, batch=batch)
    if batch is not None:
        shutil.rmtree(batch.parent)
    with Store.open(url) as store, store.transaction() as connection:
        grouped = connection.scalar(select(func.count()).select_from(near_duplicates))
        groups = connection.scalar(select(func.count(func.distinct(near_duplicates.c.canonical_id))))
        copies = connection.scalar(select(func.count()).select_from(quote_copies))
    per_article = 1000 / len(articles)
    print(json.dumps({
        "articles": len(articles), "words": options.words, "backend": options.db.split(":")[0],
        "path": "load_batch" if options.load else "Store.save",
        "signature_ms": round(signature * per_article, 3),
        "save_ms_without": round(without * per_article, 3),
        "save_ms_with": round(with_duplicates * per_article, 3),
        "near_duplicates_ms": round((with_duplicates - without) * per_article, 3),
        "grouped_articles": grouped, "groups": groups, "quote_copies": copies,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
