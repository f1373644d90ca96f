"""Near-duplicate articles found on save and load, kept in the store, counted once (issue #18).

The articles are written here: a wire story, a lightly edited copy of it (another outlet,
a credit line, a few words changed, a day later), an unrelated story on the same subject,
and the same story stored from a second source.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from store_backends import BACKENDS, postgres_url  # noqa: F401  (fixture)

from newsgraph.model import ActorRef, Article, DateValue, Entity, Event, Mention, Quote, Span, Speaker
from newsgraph.store import Store
from newsgraph.store import duplicates as dup
from newsgraph.store.pages import load_articles
from newsgraph.store.schema import (
    article_signatures,
    event_copies,
    near_duplicates,
    quote_copies,
    signature_bands,
)

WIRE = (
    "La maire de Villeneuve-sur-Lande, Odile Ferrand, a annoncé lundi la fermeture provisoire "
    "du pont de la Gravière après la découverte de fissures dans deux piles de l'ouvrage. "
    "« Nous ne prendrons aucun risque avec la sécurité des habitants », a déclaré Odile Ferrand "
    "devant le conseil municipal réuni en séance extraordinaire. Les ingénieurs du département "
    "doivent inspecter la structure dans les prochains jours et remettre un rapport avant la fin "
    "du mois. En attendant, une déviation par la route des Étangs allonge le trajet des frontaliers "
    "d'une vingtaine de minutes. Les commerçants du centre craignent une baisse de leur chiffre "
    "d'affaires pendant les travaux. « Le pont sera rouvert dès que les experts le jugeront sûr », "
    "a ajouté la maire, qui a rencontré le préfet Marc Delaunay dans l'après-midi pour discuter "
    "du financement des réparations estimées à plusieurs millions d'euros."
)

COPY = (
    "VILLENEUVE-SUR-LANDE (AFP) - La maire de Villeneuve-sur-Lande, Odile Ferrand, a annoncé lundi "
    "la fermeture provisoire du pont de la Gravière après la découverte de fissures dans deux piles "
    "de l'ouvrage. « Nous ne prendrons aucun risque avec la sécurité des habitants », a déclaré "
    "Odile Ferrand devant le conseil municipal réuni en séance extraordinaire. Les ingénieurs du "
    "département doivent examiner la structure dans les prochains jours et remettre un rapport avant "
    "la fin du mois. En attendant, une déviation par la route des Étangs allonge le trajet des "
    "frontaliers d'une vingtaine de minutes. « Le pont sera rouvert dès que les experts le jugeront "
    "sûr », a ajouté la maire, qui a rencontré le préfet Marc Delaunay dans l'après-midi pour "
    "discuter du financement des réparations estimées à plusieurs millions d'euros. (avec AFP)"
)

OTHER = (
    "Le pont de la Gravière restera fermé tout l'été, selon les premières conclusions des ingénieurs "
    "qui ont passé la semaine à sonder les piles. La préfecture promet une aide exceptionnelle. "
    "« Le pont sera rouvert dès que les experts le jugeront sûr », répète la municipalité, tandis "
    "que les riverains organisent une pétition pour obtenir une passerelle piétonne provisoire."
)

QUOTES = ("Nous ne prendrons aucun risque avec la sécurité des habitants",
          "Le pont sera rouvert dès que les experts le jugeront sûr")


def story(
    text: str, source: str, *, date: str | None = "2024-03-11", speaker: str = "Odile Ferrand"
) -> Article:
    """An article of ``text`` with its quotes (those of QUOTES it holds) and one meeting."""
    article = Article(
        id=Article.make_id(text, source), source=source, text=text, lang="fr",
        date=DateValue.parse(date) if date else None,
    )
    named = [i for i in range(len(text)) if text.startswith("Odile Ferrand", i)]
    if named:
        mentions = [Mention(i, i + len("Odile Ferrand"), "Odile Ferrand") for i in named]
        article.entities.append(Entity(id="e0", name="Odile Ferrand", type="PER", mentions=mentions))
    entity_id = "e0" if named and speaker == "Odile Ferrand" else None
    for index, quoted in enumerate(QUOTES):
        if quoted in text:
            start = text.index(quoted)
            article.quotes.append(Quote(
                id=f"q{index}", start=start, end=start + len(quoted), text=quoted, kind="direct",
                speaker=Speaker(speaker, entity_id, None, None, None, "name"),
            ))
    if "a rencontré" in text:
        start = text.index("a rencontré")
        article.events.append(Event(
            id="v0", type="meet", mode="bilateral", trigger=Span(start, start + 11, "a rencontré"),
            sentence=(start, start + 11), source=[ActorRef(entity_id, "Odile Ferrand")],
            target=[ActorRef(None, "Marc Delaunay")],
        ))
    return article


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = str(tmp_path / "dups.sqlite")
    else:
        url = request.getfixturevalue("postgres_url")
    with Store.open(url) as opened:
        yield opened


def _groups(store: Store) -> dict[str, set[str]]:
    with store.transaction() as connection:
        rows = connection.execute(select(near_duplicates.c.article_id, near_duplicates.c.canonical_id)).all()
    found: dict[str, set[str]] = {}
    for article_id, canonical in rows:
        found.setdefault(canonical, set()).add(article_id)
    return found


def _count(store: Store, table: object) -> int:
    with store.transaction() as connection:
        return int(connection.scalar(select(func.count()).select_from(table)) or 0)  # type: ignore[arg-type]


def _distinct_quotes(store: Store) -> list[str]:
    with store.transaction() as connection:
        found = load_articles(connection, _all_ids(store))
        dup.drop_copies(connection, found)
    return sorted(q.text for article in found for q in article.quotes)


def _all_ids(store: Store) -> list[str]:
    return [summary.id for summary in store.find_articles("a_", limit=100)]


def test_copy_is_grouped_and_its_repeated_quotes_and_events_are_copies(store: Store) -> None:
    wire, copy, other = story(WIRE, "wire/1.txt"), story(COPY, "paper/1.txt", date="2024-03-12"), story(
        OTHER, "paper/2.txt", date="2024-03-15", speaker="la municipalité")
    store.save([copy, other])
    store.save([wire])  # stored last, canonical all the same: the earliest dated
    assert _groups(store) == {wire.id: {wire.id, copy.id}}
    with store.transaction() as connection:
        copies = set(connection.execute(select(quote_copies.c.article_id, quote_copies.c.quote_id,
                                               quote_copies.c.original_article_id)))
        events = set(connection.execute(select(event_copies.c.article_id, event_copies.c.event_id)))
    assert copies == {(copy.id, "q0", wire.id), (copy.id, "q1", wire.id)}
    assert events == {(copy.id, "v0")}
    # the other article's quote repeats a sentence of the wire but it is no copy of it
    assert _distinct_quotes(store) == sorted([*QUOTES, QUOTES[1]])


def test_same_text_from_two_sources_counts_once_and_resaving_changes_nothing(store: Store) -> None:
    html, plain = story(WIRE, "pages/pont.html"), story(WIRE, "texts/pont.txt")
    assert html.id != plain.id
    store.save([html, plain])
    assert _distinct_quotes(store) == sorted(QUOTES)
    before = (_groups(store), _count(store, quote_copies), _count(store, signature_bands))
    result = store.save([html, plain])
    assert result.unchanged == 2
    assert (_groups(store), _count(store, quote_copies), _count(store, signature_bands)) == before
    assert before[2] == 2 * dup.BANDS
    canonical = min(html.id, plain.id)  # same date: the smaller id
    assert before[0] == {canonical: {html.id, plain.id}}


def test_removing_the_canonical_regroups_the_rest(store: Store) -> None:
    wire, copy, third = story(WIRE, "wire/1.txt"), story(COPY, "paper/1.txt", date="2024-03-12"), story(
        WIRE + " Fin.", "paper/3.txt", date="2024-03-13")
    store.save([wire, copy, third])
    assert _groups(store) == {wire.id: {wire.id, copy.id, third.id}}
    edited = story(OTHER, "wire/1.txt")  # the wire's source now holds another text: replaces it
    store.save([edited])
    assert _groups(store) == {copy.id: {copy.id, third.id}}
    with store.transaction() as connection:
        originals = set(connection.scalars(select(quote_copies.c.original_article_id)))
    assert originals == {copy.id}
    assert _count(store, article_signatures) == 3


def test_a_lone_article_has_no_group(store: Store) -> None:
    store.save([story(WIRE, "wire/1.txt"), story(OTHER, "paper/2.txt")])
    assert _groups(store) == {}
    assert _count(store, quote_copies) == 0


def test_a_crash_while_grouping_leaves_nothing_and_a_rerun_resumes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    wire, copy = story(WIRE, "wire/1.txt"), story(COPY, "paper/1.txt", date="2024-03-12")
    store.save([wire])

    def crash(*args: object) -> None:
        raise KeyboardInterrupt  # killed after the signatures and the group were written

    monkeypatch.setattr(dup, "_write_copies", crash)
    with pytest.raises(KeyboardInterrupt):
        store.save([copy])
    assert (store.has_article(copy.id), _count(store, article_signatures), _groups(store)) == (False, 1, {})
    monkeypatch.undo()
    assert store.save([wire, copy]).ingested == 1
    assert _groups(store) == {wire.id: {wire.id, copy.id}}
    assert _count(store, quote_copies) == 2


def test_signature_bands_find_the_copy() -> None:
    first, second = dup.signature_of(WIRE), dup.signature_of(COPY)
    assert dup.similarity(first, second) >= dup.THRESHOLD
    assert set(dup.buckets(first)) & set(dup.buckets(second))
    assert dup.similarity(first, dup.signature_of(OTHER)) < dup.THRESHOLD
    assert (dup.from_bytes(dup.to_bytes(first)) == first).all()
    from newsgraph.dedup import signature_values

    batch = dup._given(signature_values(WIRE))  # the batch's signature is the same one
    assert batch is not None and (batch == first).all()
    assert dup._given([1 << 40] * 128) is None and dup._given([1, 2]) is None


def test_upgrade_from_0009_groups_the_stored_articles(store: Store) -> None:
    """A store written before revision 0010 (its tables dropped by the downgrade) gets the
    signatures, groups and copies of its articles when opened."""
    import alembic.command
    from sqlalchemy import inspect

    from newsgraph.store.migrate import alembic_config

    wire, copy = story(WIRE, "wire/1.txt"), story(COPY, "paper/1.txt", date="2024-03-12")
    store.save([wire, copy, story(OTHER, "paper/2.txt")])
    with store.transaction() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        alembic.command.downgrade(config, "0009")
        assert "near_duplicates" not in inspect(connection).get_table_names()
    with Store.open(_url(store)) as upgraded:
        assert _groups(upgraded) == {wire.id: {wire.id, copy.id}}
        assert _count(upgraded, quote_copies) == 2
        assert _count(upgraded, article_signatures) == 3


def _url(store: Store) -> str:
    return store._engine.url.render_as_string(hide_password=False)


# --- what readers count ------------------------------------------------------------------


def _stored_copies(tmp_path: Path) -> tuple[str, Article, Article]:
    db = str(tmp_path / "copies.sqlite")
    wire, copy = story(WIRE, "wire/1.txt"), story(COPY, "paper/1.txt", date="2024-03-12")
    with Store.open(db) as store:
        store.save([wire, copy, story(OTHER, "paper/2.txt", speaker="la municipalité")])
    return db, wire, copy


def test_exports_count_a_copied_quote_once_unless_every_copy_is_asked(tmp_path: Path) -> None:
    import csv

    from click.testing import CliRunner

    from newsgraph.cli import main

    db, _, _ = _stored_copies(tmp_path)

    def exported(*options: str) -> list[tuple[str, str]]:
        out = tmp_path / "quotes.csv"
        result = CliRunner().invoke(main, ["export", "csv", "--table", "quotes", "-o", str(out), "--db", db,
                                           *options])
        assert result.exit_code == 0, result.output
        with out.open(encoding="utf-8") as handle:
            return sorted((row["speaker_name"], row["text"]) for row in csv.DictReader(handle))

    distinct = exported()
    assert distinct.count(("Odile Ferrand", QUOTES[0])) == 1
    assert len(distinct) == 3  # the wire's two, and the other article's (another speaker)
    assert exported("--all-copies").count(("Odile Ferrand", QUOTES[0])) == 2
    assert len(exported("--all-copies")) == 5


def test_jsonl_export_notes_what_a_copy_left_out(tmp_path: Path) -> None:
    from newsgraph.export.select import Selection, iter_articles

    db, wire, copy = _stored_copies(tmp_path)
    read = {a.id: a for a in iter_articles(db, Selection())}
    assert (len(read[wire.id].quotes), len(read[copy.id].quotes), len(read[copy.id].events)) == (2, 0, 0)
    assert any(wire.id in note and "--all-copies" in note for note in read[copy.id].notes)
    every = {a.id: a for a in iter_articles(db, Selection(all_copies=True))}
    assert every[copy.id].to_dict() == copy.to_dict()


def test_statistics_count_a_copied_quote_once_in_the_cli_and_the_api(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from newsgraph.api import ApiSettings, create_app
    from newsgraph.cli_export import stats

    db, _, _ = _stored_copies(tmp_path)

    def cli(*options: str) -> dict[str, int]:
        result = CliRunner().invoke(stats, ["quoted", "--db", db, "--json", *options])
        assert result.exit_code == 0, result.output
        return {row["name"]: row["quotes"] for row in json.loads(result.stdout)}

    assert cli()["Odile Ferrand"] == 2
    assert cli("--all-copies")["Odile Ferrand"] == 4
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        def api(**params: str) -> dict[str, int]:
            response = client.get("/api/stats/quoted", params=params)
            assert response.status_code == 200, response.text
            return {row["name"]: row["quotes"] for row in response.json()["items"]}

        assert api()["Odile Ferrand"] == 2
        assert api(copies="all")["Odile Ferrand"] == 4
        distinct = client.get("/api/stats/event-pairs").json()["items"]
        every = client.get("/api/stats/event-pairs", params={"copies": "all"}).json()["items"]
        assert (distinct[0]["events"], every[0]["events"]) == (1, 2)


def test_entity_pages_count_a_copied_quote_and_event_once(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from newsgraph.api import ApiSettings, create_app
    from newsgraph.resolve.run import resolve_store

    db, wire, _ = _stored_copies(tmp_path)
    with Store.open(db) as store:
        resolve_store(store)
        [person] = store.find_corpus_entities("Odile Ferrand")
        assert len(store.entity_quotes(person.id)) == 2
        assert len(store.entity_quotes(person.id, all_copies=True)) == 4
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        detail = client.get("/api/entities/PER/Odile Ferrand").json()
        every = client.get("/api/entities/PER/Odile Ferrand", params={"copies": "all"}).json()
        assert (detail["quotes_by"], detail["events"]) == (2, 1)
        assert (every["quotes_by"], every["events"]) == (4, 2)
        said = client.get("/api/quotes", params={"entity": "PER:Odile Ferrand"}).json()
        assert said["total"] == 2 and {item["article_id"] for item in said["items"]} == {wire.id}
        events = client.get("/api/events", params={"entity": "PER:Odile Ferrand", "copies": "all"}).json()
        assert events["total"] == 2


def test_the_same_article_as_html_and_as_text_is_counted_once(tmp_path: Path) -> None:
    """Through `newsgraph ingest` and the real pipeline: a page and its text stored twice
    (two sources), their quotes listed once by the statistics."""
    import html
    import json

    from click.testing import CliRunner

    from newsgraph.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paragraphs = WIRE.split(". ")
    body = "".join(f"<p>{html.escape(p)}.</p>" for p in paragraphs)
    (corpus / "pont.html").write_text(
        f"<html><head><title>Le pont fermé</title></head><body><article><h1>Le pont fermé</h1>{body}"
        "</article><footer>Tous droits réservés</footer></body></html>", encoding="utf-8")
    (corpus / "pont.txt").write_text("date 2024-03-11\n\n" + ".\n\n".join(paragraphs), encoding="utf-8")
    db = str(tmp_path / "pages.sqlite")
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(corpus), "--db", db, "--no-resolve"])
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        assert store.stats()["articles"] == 2
        assert len(_groups(store)) == 1

    def quotes(*options: str) -> int:
        stats = runner.invoke(main, ["stats", "per-article", "--db", db, "--json", *options])
        assert stats.exit_code == 0, stats.output
        return int(json.loads(stats.stdout)[0]["quotes"])

    every = quotes("--all-copies")
    assert every >= 2 and every % 2 == 0
    assert quotes() == every // 2


@pytest.mark.parametrize("with_signatures", [True, False])
def test_load_groups_with_the_batch_signatures_or_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_signatures: bool
) -> None:
    import shutil

    from newsgraph.batch.load import load_batch
    from newsgraph.batch.run import write_articles

    wire, copy = story(WIRE, "wire/1.txt"), story(COPY, "paper/1.txt", date="2024-03-12")
    out = tmp_path / "out"
    write_articles(out, [[wire, story(OTHER, "paper/2.txt")], [copy]], label="test")
    if with_signatures:
        def recomputed(text: str) -> object:
            raise AssertionError("the batch's signature should have been used")

        monkeypatch.setattr(dup, "signature_of", recomputed)
    else:
        shutil.rmtree(out / "signatures")
    with Store.open(str(tmp_path / "loaded.sqlite")) as store:
        summary = load_batch(out, store)
        assert (summary.loaded, summary.articles) == (2, 3)
        assert _groups(store) == {wire.id: {wire.id, copy.id}}
        assert _count(store, quote_copies) == 2


def test_a_quote_judged_not_a_quote_in_the_canonical_article_hands_it_to_the_copy(store: Store) -> None:
    wire, copy = story(WIRE, "wire/1.txt"), story(COPY, "paper/1.txt", date="2024-03-12")
    store.save([wire, copy])
    assert _distinct_quotes(store) == sorted(QUOTES)
    judgement = store.judge_quote(wire.id, "q0", action="not_quote", author="test")
    assert _distinct_quotes(store) == sorted(QUOTES)  # the copy's one counts now
    with store.transaction() as connection:
        copies = set(connection.execute(select(quote_copies.c.article_id, quote_copies.c.quote_id)))
    assert copies == {(copy.id, "q1")}
    store.undo_quote_judgement(judgement, author="test")
    assert _count(store, quote_copies) == 2
    assert _distinct_quotes(store) == sorted(QUOTES)


def test_listing_commands_show_a_copied_quote_and_event_once_unless_every_copy_is_asked(
    tmp_path: Path,
) -> None:
    """`events`, `timeline` and `quotes` (before resolution: by speaker name) list what the
    wire copy repeats once; `--all-copies` lists every copy."""
    import json

    from click.testing import CliRunner

    from newsgraph.cli import main

    db, wire, copy = _stored_copies(tmp_path)

    def listed(*arguments: str) -> list[str]:
        result = CliRunner().invoke(main, [*arguments, "--db", db, "--format", "jsonl"])
        assert result.exit_code == 0, result.output
        return sorted(json.loads(line)["article_id"] for line in result.stdout.splitlines())

    for arguments in (["events", "--actor", "Ferrand"], ["timeline", "Odile Ferrand"]):
        assert listed(*arguments) == [wire.id], arguments
        assert listed(*arguments, "--all-copies") == sorted([wire.id, copy.id]), arguments
    assert listed("quotes", "--speaker", "Ferrand") == [wire.id, wire.id]
    every = listed("quotes", "--speaker", "Ferrand", "--all-copies")
    assert every == sorted([wire.id, wire.id, copy.id, copy.id])


def test_entity_timeline_counts_a_copied_quote_and_event_once_unless_every_copy_is_asked(
    tmp_path: Path,
) -> None:
    from fastapi.testclient import TestClient

    from newsgraph.api import ApiSettings, create_app

    db, _, _ = _stored_copies(tmp_path)
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        def totals(**params: str) -> tuple[int, int, int]:
            response = client.get("/api/timeline/entity", params={"entity": "PER:Odile Ferrand", **params})
            assert response.status_code == 200, response.text
            buckets = response.json()["buckets"]
            return (sum(b["articles"] for b in buckets), sum(b["quotes"] for b in buckets),
                    sum(b["events"] for b in buckets))

        assert totals() == (2, 2, 1)  # both articles mention her; the copy's quotes and event once
        assert totals(copies="all") == (2, 4, 2)
        assert client.get("/api/timeline/entity", params={
            "entity": "PER:Odile Ferrand", "copies": "some"}).status_code == 422


def test_graph_weighs_a_copied_event_once_unless_every_copy_is_asked(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from newsgraph.api import ApiSettings, create_app

    def with_prefect(article: Article) -> Article:
        """The meeting's target, Marc Delaunay, as an entity of the article."""
        start = article.text.index("Marc Delaunay")
        article.entities.append(Entity(id="e1", name="Marc Delaunay", type="PER",
                                       mentions=[Mention(start, start + 13, "Marc Delaunay")]))
        article.events[0].target = [ActorRef("e1", "Marc Delaunay")]
        return article

    db = str(tmp_path / "graph.sqlite")
    with Store.open(db) as store:
        store.save([with_prefect(story(WIRE, "wire/1.txt")),
                    with_prefect(story(COPY, "paper/1.txt", date="2024-03-12"))])
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        def weights(**params: str) -> dict[str, int]:
            response = client.get("/api/graph", params=params)
            assert response.status_code == 200, response.text
            return {edge["kind"]: edge["weight"] for edge in response.json()["edges"]}

        for center in ({"entity": "PER:Odile Ferrand"}, {}):  # the neighbourhood and the overview
            assert weights(**center) == {"cooccurrence": 2, "event": 1}, center  # two articles, one meeting
            assert weights(**center, copies="all") == {"cooccurrence": 2, "event": 2}, center


def test_the_web_entity_page_counts_a_copy_once_and_every_copy_on_request(tmp_path: Path) -> None:
    import html
    import re

    from fastapi.testclient import TestClient

    from newsgraph.api import ApiSettings, create_app

    db, _, _ = _stored_copies(tmp_path)
    with TestClient(create_app(db=db, settings=ApiSettings(token=None))) as client:
        distinct = client.get("/entities/PER/Odile Ferrand")
        every = client.get("/entities/PER/Odile Ferrand", params={"copies": "all"})
    assert distinct.status_code == every.status_code == 200
    assert "2 quotes by" in distinct.text and "1 events" in distinct.text
    assert "4 quotes by" in every.text and "2 events" in every.text
    assert 'href="?copies=all"' in distinct.text and 'href="?copies=distinct"' in every.text
    chart = re.search(r'id="timeline-chart" data-api-url="([^"]+)"', every.text)
    assert chart is not None and html.unescape(chart.group(1)).endswith("&copies=all")
