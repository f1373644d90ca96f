"""Batch extraction on a LocalCluster of 2 worker processes, on a small corpus written here.

One cluster serves every test of the module (each worker loads the spaCy models once, ~3 s).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from newsgraph.batch import plan_partitions, run_batch
from newsgraph.batch.load import load_batch, read_articles, read_failures
from newsgraph.batch.partitions import JsonlSlice, WarcRecords
from newsgraph.batch.run import MANIFEST, table_path
from newsgraph.errors import ConfigError
from newsgraph.ingest.document import Failure
from newsgraph.ingest.sources import iter_documents
from newsgraph.ingest.warc import read_warc
from newsgraph.library import extract_many
from newsgraph.model import Article

TEXTS = {
    "fr_pme.txt": (
        "date 2023-10-03\n\nLe ministre de l'Économie, Bruno Le Maire, a présenté mardi à Paris un plan "
        "de soutien aux petites entreprises. « Nous ne laisserons tomber personne », a déclaré le ministre."
    ),
    "fr_port.txt": (
        "La maire de Marseille a inauguré lundi le nouveau terminal du port. Selon la Chambre de "
        "commerce, le trafic a augmenté de 12 % en 2022."
    ),
    "en_tram.txt": (
        "The mayor of Lyon, Grégory Doucet, opened a new tram line on Saturday. \"This line will change "
        "daily life for thousands of people,\" Doucet told reporters."
    ),
}
RECORDS: list[dict[str, Any] | str] = [
    {"text": "Angela Merkel met Joe Biden in Washington on Thursday to discuss trade.", "date": "2021-07-15"},
    "this line is not JSON",
    {"text": "Le Premier ministre a reçu les syndicats à Matignon mercredi soir.", "lang": "fr"},
    {"title": "no text field here"},
    {"text": "The European Central Bank raised its main rate by a quarter point in Frankfurt."},
]
PAGE = (
    "<!doctype html><html><head><title>Un accord</title>"
    '<meta property="article:published_time" content="2023-05-02T08:00:00Z"></head>'
    "<body><article><p>Les négociateurs de l'Union européenne et du Canada ont conclu un accord "
    "commercial à Bruxelles, a annoncé la Commission européenne.</p><p>L'accord supprime les droits "
    "de douane sur la plupart des produits agricoles et industriels, selon le texte publié par les "
    "deux parties, qui doit encore être ratifié par les parlements nationaux.</p></article></body></html>"
)


COPY = PAGE.replace("Bruxelles", "Bruxelles mardi")  # republished with a small edit


def write_corpus(directory: Path) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in TEXTS.items():
        (directory / name).write_text(text, encoding="utf-8")
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in RECORDS]
    (directory / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (directory / "accord.html").write_text(PAGE, encoding="utf-8")
    (directory / "broken.txt").write_bytes(b"\x00\x01\x02 binary \x00")
    return [str(directory / name) for name in ("fr_pme.txt", "wire.jsonl", "fr_port.txt", "accord.html",
                                               "broken.txt", "en_tram.txt")]


def write_warc(path: Path) -> str:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, body, content_type in [
            ("http://news.test/accord", PAGE.encode(), "text/html; charset=utf-8"),
            ("http://news.test/logo.png", b"\x89PNG....", "image/png"),
            ("http://news.test/accord-copy", COPY.encode(), "text/html"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-01-15T10:11:12Z"},
            ))
    return str(path)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield str(cluster.scheduler_address)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


def dicts(outcomes: Iterator[Article | Failure] | list[Article | Failure]) -> list[dict[str, Any]]:
    return [o.to_dict() for o in outcomes if isinstance(o, Article)]


def test_partitions_slice_jsonl_and_pack_files(corpus: list[str]) -> None:
    partitions = plan_partitions(corpus, partition_size=2)
    assert all(p.records <= 2 for p in partitions)
    slices = [i for p in partitions for i in p.items if isinstance(i, JsonlSlice)]
    assert [(s.first_line, s.lines) for s in slices] == [(1, 2), (3, 2), (5, 1)]
    assert [p.key for p in plan_partitions(corpus, partition_size=2)] == [p.key for p in partitions]


def test_batch_equals_extract(scheduler: str, corpus: list[str], tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz")
    out = tmp_path / "out"
    summary = run_batch([*corpus, warc], out, scheduler=scheduler, partition_size=2)
    assert summary.failed == {} and summary.skipped == 0
    expected = list(extract_many(iter_documents(corpus)))
    expected += list(extract_many(read_warc(warc, max_bytes=5_000_000)))
    assert dicts(read_articles(out)) == dicts(expected)
    assert sorted(map(str, read_failures(out))) == sorted(str(o) for o in expected if isinstance(o, Failure))
    manifest = json.loads((out / MANIFEST).read_text())
    workers = {entry["worker"] for entry in manifest["done"].values()}
    assert len(workers) == 2  # both worker processes took partitions
    assert all(entry["worker_peak_rss"] > 0 for entry in manifest["done"].values())


def test_near_duplicates_are_linked_in_the_output(scheduler: str, tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz")
    assert any(isinstance(i, WarcRecords) for p in plan_partitions([warc]) for i in p.items)
    out = tmp_path / "out"
    run_batch([warc], out, scheduler=scheduler, partition_size=1)
    rows = pq.read_table(out / "duplicates.parquet").to_pylist()
    articles = {a.id: a.url for a in read_articles(out) if isinstance(a, Article)}
    assert sorted(articles[r["article_id"]] for r in rows) == [
        "http://news.test/accord", "http://news.test/accord-copy",
    ]
    assert {r["canonical_id"] for r in rows} == {r["article_id"] for r in rows if r["similarity"] == 1.0}
    assert (out / "event_clusters.parquet").is_file()


def test_a_bad_record_does_not_fail_its_partition(scheduler: str, corpus: list[str], tmp_path: Path) -> None:
    jsonl = next(path for path in corpus if path.endswith(".jsonl"))
    out = tmp_path / "out"
    summary = run_batch([jsonl], out, scheduler=scheduler, partition_size=10)
    assert summary.partitions == 1 and summary.failed == {}
    assert [a.source for a in read_articles(out) if isinstance(a, Article)] == [
        f"{jsonl}:1", f"{jsonl}:3", f"{jsonl}:5",
    ]
    failures = {f.source: f.problem for f in read_failures(out)}
    assert set(failures) == {f"{jsonl}:2", f"{jsonl}:4"}
    assert failures[f"{jsonl}:2"].startswith("invalid JSON")


def test_resume_skips_finished_partitions(scheduler: str, corpus: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_batch(corpus, out, scheduler=scheduler, partition_size=2)
    assert first.partitions >= 3
    # Interrupt partition 1 as a crash would: no manifest entry, a leftover temporary file.
    manifest = json.loads((out / MANIFEST).read_text())
    key = next(k for k, v in manifest["done"].items() if v["index"] == 1)
    del manifest["done"][key]
    (out / MANIFEST).write_text(json.dumps(manifest))
    interrupted = table_path(out, "articles", 1)
    interrupted.rename(interrupted.with_name(".tmp-1-part-00001.parquet"))
    kept = {i: table_path(out, "articles", i).stat().st_mtime_ns for i in range(first.partitions) if i != 1}
    before = dicts(read_articles(out))
    second = run_batch(corpus, out, scheduler=scheduler, partition_size=2)
    assert (second.skipped, [r.index for r in second.done]) == (first.partitions - 1, [1])
    assert {i: table_path(out, "articles", i).stat().st_mtime_ns for i in kept} == kept
    assert len(dicts(read_articles(out))) > len(before)
    with pytest.raises(ConfigError, match="other inputs"):
        run_batch(corpus[:2], out, scheduler=scheduler, partition_size=2)


def test_load_into_the_store(scheduler: str, corpus: list[str], tmp_path: Path) -> None:
    from newsgraph.store import Store

    out = tmp_path / "out"
    run_batch(corpus, out, scheduler=scheduler, partition_size=3)
    articles = [a for a in read_articles(out) if isinstance(a, Article)]
    with Store.open(str(tmp_path / "db.sqlite")) as store:
        first = load_batch(out, store)
        assert (first.articles, first.ingested, first.failures) == (len(articles), len(articles), [])
        assert first.batch_failures == 3  # two bad JSONL lines and the binary file
        for article in articles:
            stored = store.get_article(article.id)
            assert stored is not None and stored.to_dict() == article.to_dict()
        again = load_batch(out, store)
        assert (again.loaded, again.skipped, again.rows) == (0, first.partitions, 0)


def test_workers_and_scheduler_are_exclusive(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not both"):
        run_batch([], tmp_path / "out", workers=2, scheduler="tcp://127.0.0.1:1")


def test_batch_tells_progress_in_records_up_to_the_total(
    scheduler: str, corpus: list[str], tmp_path: Path
) -> None:
    told: list[tuple[int, int]] = []
    out = tmp_path / "progress"
    records = sum(partition.records for partition in plan_partitions(corpus[:3], partition_size=2))
    run_batch(corpus[:3], out, scheduler=scheduler, partition_size=2, progress=lambda *c: told.append(c))
    assert told[0] == (0, records) and told[-1] == (records, records)
    assert len(told) == 1 + len(plan_partitions(corpus[:3], partition_size=2))  # planned, then each partition
    done = [count for count, _ in told]
    assert done == sorted(done) and len(set(done)) == len(done)  # increasing
    again: list[tuple[int, int]] = []
    run_batch(corpus[:3], out, scheduler=scheduler, partition_size=2, progress=lambda *c: again.append(c))
    assert again == [(records, records)]  # every partition done by the first run
