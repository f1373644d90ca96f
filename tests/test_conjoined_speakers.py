"""Two named people joined by "and"/"et" who say something are the two people, not one
unnamed group (issue #19).  Sentences written for the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx
import pytest
from fastapi.testclient import TestClient
from store_backends import BACKENDS, postgres_url  # noqa: F401  (fixture)

import newsgraph
from newsgraph.analysis import stored as stored_stats
from newsgraph.analysis.quotes import (
    gender_report,
    quotes_per_article,
    source_shares,
    speakers_over_time,
    tally_quotes,
    top_quoted,
)
from newsgraph.api import create_app
from newsgraph.export.graph import export_graph
from newsgraph.export.select import Selection, iter_linked
from newsgraph.model import Article, Quote
from newsgraph.resolve.run import find_entity, resolve_store
from newsgraph.store import Store

CASES = [
    ("en", "The housing market is cooling fast. That is one reason why Daniel Fortier and Claire "
           "Benoit say they are looking to buy a house before winter.",
     ["Daniel Fortier", "Claire Benoit"]),
    ("en", "\"We want to buy before winter,\" said Daniel Fortier and Claire Benoit.",
     ["Daniel Fortier", "Claire Benoit"]),
    ("fr", "« Nous voulons acheter avant l'hiver », ont déclaré Julien Marchetti et Sophie Lavergne.",
     ["Julien Marchetti", "Sophie Lavergne"]),
    ("fr", "Le marché ralentit. Julien Marchetti et Sophie Lavergne affirment qu'ils veulent acheter "
           "une maison avant l'hiver.",
     ["Julien Marchetti", "Sophie Lavergne"]),
]


def only_quote(article: Article) -> Quote:
    [quote] = [q for q in article.quotes if q.kind != "according_to"]
    return quote


@pytest.mark.parametrize(("lang", "text", "people"), CASES)
def test_two_named_people_are_the_two_speakers(lang: str, text: str, people: list[str]) -> None:
    article = newsgraph.extract(text, lang=lang)
    quote = only_quote(article)
    assert quote.speaker is not None
    assert [e.name for e in article.speakers_of(quote)] == people, quote.speaker
    assert quote.speaker.name == (" et " if lang == "fr" else " and ").join(people)
    assert quote.speaker.entity_id is None  # no one entity: both people
    assert all(e.type == "PER" for e in article.speakers_of(quote))


def test_one_person_or_a_group_names_no_two_people() -> None:
    one = newsgraph.extract("Claire Benoit said she is looking to buy a house before winter.", lang="en")
    quote = only_quote(one)
    assert [e.name for e in one.speakers_of(quote)] == ["Claire Benoit"]
    group = newsgraph.extract(
        "Les responsables municipaux affirment que les travaux commenceront en mai.", lang="fr")
    assert group.speakers_of(only_quote(group)) == []


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[tuple[str, Article]]:
    lang, text, _ = CASES[0]
    article = newsgraph.extract(text, lang=lang, source="housing.txt")
    db = str(tmp_path / "store.sqlite")
    with Store.open(db) as store:
        store.save([article])
    yield db, article


def test_the_two_people_survive_the_store_and_show_on_the_article_page(
        stored: tuple[str, Article]) -> None:
    db, article = stored
    with Store.open(db) as store:
        read = store.get_article(article.id)
    assert read is not None
    assert [e.name for e in read.speakers_of(only_quote(read))] == ["Daniel Fortier", "Claire Benoit"]
    with TestClient(create_app(db=db)) as client:
        page = client.get(f"/articles/{article.id}").text
    quote_html = page.split(f'id="{only_quote(read).id}"', 1)[1].split("</span>", 1)[0]
    assert 'title="said by Daniel Fortier"' in quote_html and 'title="said by Claire Benoit"' in quote_html
    assert "unresolved" not in quote_html


@pytest.mark.parametrize("backend", BACKENDS)
def test_each_person_of_a_joint_speaker_has_said_the_quote(backend: str, request: pytest.FixtureRequest,
                                                          tmp_path: Path) -> None:
    """After resolution, the quotes said "by" each of the two people (the entity page and
    its API) include the joint one; a group naming one person is not said by that person."""
    url = str(tmp_path / "joint.sqlite") if backend == "sqlite" else request.getfixturevalue("postgres_url")
    joint = newsgraph.extract(CASES[0][1], lang="en", source="joint.txt")
    family = newsgraph.extract(
        "The family of Daniel Fortier said they would sell the house before winter.", lang="en",
        source="family.txt")
    group = only_quote(family).speaker
    assert group is not None and group.entity_id is None
    group.start, group.end = family.text.index("family"), family.text.index(" said")  # one person inside
    assert family.speakers_of(only_quote(family)) == []
    with Store.open(url) as store:
        store.save([joint, family])
        resolve_store(store)
        for name in ("Daniel Fortier", "Claire Benoit"):
            said = store.entity_quotes(find_entity(store, name).id, role="by")
            assert [q.quote.id for q in said] == [only_quote(joint).id], name
    with TestClient(create_app(db=url)) as client:
        for name in ("Daniel Fortier", "Claire Benoit"):
            page = client.get("/api/quotes", params={"entity": f"PER:{name}", "role": "by"}).json()
            assert [q["quote"]["id"] for q in page["items"]] == [only_quote(joint).id], name
            assert page["total"] == 1
            html = client.get(f"/entities/PER/{name}").text
            assert only_quote(joint).text[:30] in html, name


def stats_of(url: str) -> dict[str, object]:
    """Every quote statistic of the store in SQL (CLI, API, Stats page), and the Python tally."""
    with stored_stats.scope_of(url, Selection()) as (connection, scope):
        tally = stored_stats.quote_tally(connection, scope)
        edges = stored_stats.network_edges(connection, scope, kind="coquoted")
        coquoted = edges.ranked(kind="coquoted", top=50)
    return {
        "quoted": [(row.name, row.kind, row.quotes, row.share) for row in top_quoted(tally, top=50)],
        "shares": {row.kind: row.quotes for row in source_shares(tally)},
        "gender": gender_report(tally),
        "quotes": quotes_per_article(tally).quotes,
        "over_time": speakers_over_time(tally, speakers=["Benoit", "Fortier"]),
        "coquoted": [(edge.source, edge.target, edge.weight) for edge in coquoted],
        "python": tally_quotes(iter_linked(url, Selection())),
        "sql": tally,
    }


@pytest.mark.parametrize("backend", BACKENDS)
def test_each_person_of_a_joint_speaker_counts_in_the_statistics(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Who is quoted, shares, gender, over time and co-quotation count the joint quote for
    each of its two people — once each, the quote once in the totals, a wire copy of the
    article once — before and after resolution; the graph (API, GraphML) joins the two."""
    url = str(tmp_path / "stats.sqlite") if backend == "sqlite" else request.getfixturevalue("postgres_url")
    joint = newsgraph.extract(CASES[1][1], lang="en", source="joint.txt")
    copy = newsgraph.extract(CASES[1][1], lang="en", source="joint.html")  # near-duplicate
    alone = newsgraph.extract('"Prices will fall," said Claire Benoit.', lang="en", source="alone.txt")
    for entity in (*joint.entities, *copy.entities, *alone.entities):  # as "Mr"/"Mrs" would mark them
        entity.gender = {"Daniel Fortier": "m", "Claire Benoit": "f"}.get(entity.name, entity.gender)
    with Store.open(url) as store:
        store.save([joint, copy, alone])
    for resolved in (False, True):
        if resolved:
            with Store.open(url) as store:
                resolve_store(store)
        found = stats_of(url)
        assert found["quoted"] == [("Claire Benoit", "person", 2, 1.0), ("Daniel Fortier", "person", 1, 0.5)]
        assert found["shares"] == {"person": 2, "organisation": 0, "unnamed": 0, "unattributed": 0}
        assert found["quotes"] == 2  # the joint quote once, its copy left out
        [gender] = found["gender"]  # type: ignore[misc]
        assert (gender.f, gender.m, gender.people_f, gender.people_m) == (2, 1, 1, 1)
        over_time = found["over_time"]
        assert {name: sum(n for _p, n in series) for name, series in over_time.items()} == {  # type: ignore[union-attr]
            "Claire Benoit": 2, "Daniel Fortier": 1}
        assert found["coquoted"] == [("Claire Benoit", "Daniel Fortier", 1)]
        python, sql = found["python"], found["sql"]
        assert (python.by_speaker, python.by_kind, python.by_gender) == (  # type: ignore[attr-defined]
            sql.by_speaker, sql.by_kind, sql.by_gender)  # type: ignore[attr-defined]
        with TestClient(create_app(db=url)) as client:
            rows = client.get("/api/stats/quoted").json()["items"]
            assert [(r["name"], r["quotes"]) for r in rows] == [("Claire Benoit", 2), ("Daniel Fortier", 1)]
            graph = client.get("/api/graph", params={"kinds": "coquoted"}).json()
            names = {node["id"]: node["name"] for node in graph["nodes"]}
            assert [(names[e["source"]], names[e["target"]], e["weight"]) for e in graph["edges"]] == [
                ("Claire Benoit", "Daniel Fortier", 1)]
        exported = tmp_path / f"graph-{resolved}.graphml"
        export_graph(iter_linked(url, Selection()), exported, graph_format="graphml", kinds=["coquoted"])
        read = networkx.read_graphml(exported)
        assert sorted(sorted(read.nodes[n]["name"] for n in edge) for edge in read.edges) == [
            ["Claire Benoit", "Daniel Fortier"]]
