"""Exports read back by the tools their users run (issue #18): networkx for GraphML/GEXF
(what Gephi reads), followthemoney's own schema model, pyarrow for tables (its own join)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from export_corpus import corpus, entity, event, quote
from followthemoney import model

from newsgraph.cli import main
from newsgraph.export.ftm import article_entities
from newsgraph.export.graph import export_graph
from newsgraph.model import ActorRef, Article, DateValue, Speaker
from newsgraph.resolve.run import resolve_store
from newsgraph.store import Store

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"


def edge_ids(path: Path, namespace: str) -> list[str]:
    return [edge.attrib["id"] for edge in ET.parse(path).getroot().iter(f"{namespace}edge")]


def test_graphml_edge_ids_are_unique_and_stable(tmp_path: Path) -> None:
    first, second = tmp_path / "one.graphml", tmp_path / "two.graphml"
    _nodes, edges = export_graph(corpus(), first, graph_format="graphml")
    export_graph(list(reversed(corpus())), second, graph_format="graphml")
    ids = edge_ids(first, GRAPHML)
    assert len(ids) == edges and len(set(ids)) == edges  # Gephi keeps one edge per id
    assert sorted(ids) == sorted(edge_ids(second, GRAPHML))  # the same whatever the article order
    read = nx.read_graphml(first, force_multigraph=True)
    assert read.number_of_edges() == edges
    assert sorted(key for _a, _b, key in read.edges(keys=True)) == sorted(ids)


def test_gexf_edge_ids_are_the_graphml_ones_and_no_networkx_key(tmp_path: Path) -> None:
    graphml, gexf = tmp_path / "graph.graphml", tmp_path / "graph.gexf"
    export_graph(corpus(), graphml, graph_format="graphml")
    _nodes, edges = export_graph(corpus(), gexf, graph_format="gexf")
    ids = edge_ids(gexf, GEXF)
    assert len(set(ids)) == edges and sorted(ids) == sorted(edge_ids(graphml, GRAPHML))
    assert "networkx_key" not in gexf.read_text(encoding="utf-8")
    read = nx.read_gexf(gexf)
    assert read.number_of_edges() == edges
    for _a, _b, key, data in read.edges(keys=True, data=True):
        assert "networkx_key" not in data and data["id"] == key


def test_undirected_kinds_make_an_undirected_graph(tmp_path: Path) -> None:
    kinds = ["cooccurrence", "coquoted"]
    for graph_format, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"graph.{graph_format}"
        _nodes, edges = export_graph(corpus(), path, graph_format=graph_format, kinds=kinds)  # type: ignore[arg-type]
        read = reader(path)
        assert not read.is_directed(), graph_format
        assert read.number_of_edges() == edges
        labels = {frozenset((read.nodes[a]["label"], read.nodes[b]["label"])): d["kind"]
                  for a, b, d in read.edges(data=True) if d["kind"] == "coquoted"}
        assert labels == {frozenset(("Anne Martin", "Olaf Scholz")): "coquoted",
                          frozenset(("Anne Martin", "OTAN")): "coquoted",
                          frozenset(("Olaf Scholz", "OTAN")): "coquoted"}
    assert 'edgedefault="undirected"' in (tmp_path / "graph.graphml").read_text(encoding="utf-8")
    assert 'defaultedgetype="undirected"' in (tmp_path / "graph.gexf").read_text(encoding="utf-8")


def test_directed_or_mixed_kinds_make_a_directed_graph_marking_undirected_edges(tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    export_graph(corpus(), path, graph_format="graphml", kinds=["event", "about"])
    read = nx.read_graphml(path)
    assert read.is_directed() and all(d["directed"] for _a, _b, d in read.edges(data=True))
    export_graph(corpus(), path, graph_format="graphml")  # every kind: mixed
    read = nx.read_graphml(path)
    assert read.is_directed()
    directed = {d["kind"]: d["directed"] for _a, _b, d in read.edges(data=True)}
    assert directed == {"cooccurrence": False, "coquoted": False, "about": True, "event": True}


# --- corpus entities in CSV, Parquet and FollowTheMoney ---------------------------------------


def putin_articles() -> list[Article]:
    french = "Vladimir Poutine a rencontré l'OTAN à Moscou. « Rien ne change », a dit Vladimir Poutine."
    poutine = ActorRef("e1", "Vladimir Poutine")
    english = "Vladimir Putin spoke in Moscow. Russia and NATO met in Brussels."
    return [
        Article(id="a_fr", source="/home/reporter/corpus/fr/putin.txt", text=french, lang="fr",
                date=DateValue.parse("2024-01-02"), title=None, url=None, outlet="Le Quotidien",
                entities=[entity(french, "e1", poutine.name, "PER", poutine.name, poutine.name),
                          entity(french, "e2", "OTAN", "ORG", "OTAN"),
                          entity(french, "e3", "Moscou", "LOC", "Moscou")],
                quotes=[quote(french, "q1", "« Rien ne change »", Speaker(poutine.name, "e1", how="name"))],
                events=[event(french, "v1", "CONSULT", "rencontré", source=[poutine],
                              target=[ActorRef("e2", "OTAN")], place=ActorRef("e3", "Moscou"))]),
        Article(id="a_en", source="https://example.com/putin", text=english, lang="en",
                date=DateValue.parse("2024-01-03"), title="Putin in Moscow", url="https://example.com/putin",
                outlet="The Daily",
                entities=[entity(english, "e1", "Vladimir Putin", "PER", "Vladimir Putin"),
                          entity(english, "e2", "Moscow", "LOC", "Moscow"),
                          entity(english, "e3", "Russia", "ORG", "Russia"),
                          entity(english, "e4", "NATO", "ORG", "NATO"),
                          entity(english, "e5", "Brussels", "LOC", "Brussels")],
                events=[event(english, "v1", "CONSULT", "met", source=[ActorRef("e3", "Russia")],
                              target=[ActorRef("e4", "NATO")], place=ActorRef("e5", "Brussels"))]),
    ]


@pytest.fixture(scope="module")
def resolved_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The two articles, resolved with a user's Wikidata ids: Putin in a CSV alias file,
    NATO (a bundled gazetteer entry) in a FollowTheMoney one."""
    folder = tmp_path_factory.mktemp("resolved")
    db = str(folder / "store.sqlite")
    aliases = folder / "aliases.csv"
    aliases.write_text("name,alias,type,id\nVladimir Putin,VVP,PER,Q7747\n", encoding="utf-8")
    entities = folder / "entities.ftm"
    nato = {"name": ["NATO"], "alias": ["Alliance atlantique"]}
    entities.write_text(json.dumps({"id": "Q7184", "schema": "Organization", "properties": nato}) + "\n",
                        encoding="utf-8")
    with Store.open(db) as store:
        store.save(putin_articles())
        resolve_store(store, alias_files=[aliases, entities])
    return db


def export(db: str, *args: str) -> None:
    result = CliRunner().invoke(main, ["export", *args, "--db", db])
    assert result.exit_code == 0, result.output


def test_parquet_tables_carry_corpus_entities(resolved_db: str, tmp_path: Path) -> None:
    export(resolved_db, "parquet", "-o", str(tmp_path))
    entities = pq.read_table(tmp_path / "entities.parquet")
    corpus = pq.read_table(tmp_path / "corpus_entities.parquet")
    scalars = corpus.select(["id", "name", "external_id"]).rename_columns(
        ["corpus_id", "corpus_name", "corpus_external_id"])  # Acero joins no list columns
    joined = entities.select(["article_id", "id", "name", "type", "corpus_entity_id"]).join(
        scalars, "corpus_entity_id", "corpus_id", join_type="inner").to_pylist()
    assert len(joined) == entities.num_rows  # every entity resolved, every corpus entity there
    people = [row for row in joined if row["type"] == "PER"]
    assert sorted(row["name"] for row in people) == ["Vladimir Poutine", "Vladimir Putin"]
    assert len({row["corpus_entity_id"] for row in people}) == 1  # one person, two spellings
    assert {row["corpus_external_id"] for row in people} == {"Q7747"}  # the user's id as given
    nato = [row for row in joined if row["name"] in ("OTAN", "NATO")]
    assert len({row["corpus_entity_id"] for row in nato}) == 1
    assert {row["corpus_external_id"] for row in nato} == {"Q7184"}
    ids = corpus.column("id").to_pylist()
    assert len(ids) == len(set(ids)) and set(ids) == set(entities.column("corpus_entity_id").to_pylist())


def test_csv_tables_carry_corpus_entities(resolved_db: str, tmp_path: Path) -> None:
    export(resolved_db, "csv", "-o", str(tmp_path))
    with open(tmp_path / "entities.csv", newline="", encoding="utf-8") as handle:
        entities = list(csv.DictReader(handle))
    with open(tmp_path / "corpus_entities.csv", newline="", encoding="utf-8") as handle:
        corpus = {row["id"]: row for row in csv.DictReader(handle)}
    putin = {corpus[row["corpus_entity_id"]]["external_id"] for row in entities if row["type"] == "PER"}
    assert putin == {"Q7747"}
    out = tmp_path / "corpus.csv"
    export(resolved_db, "csv", "--table", "corpus_entities", "-o", str(out))
    with open(out, newline="", encoding="utf-8") as handle:
        assert {row["id"] for row in csv.DictReader(handle)} == set(corpus)


def ftm_export(db: str, path: Path) -> list[dict[str, Any]]:
    export(db, "ftm", "-o", str(path))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_ftm_uses_corpus_entities_and_the_users_ids(resolved_db: str, tmp_path: Path) -> None:
    lines = ftm_export(resolved_db, tmp_path / "entities.ftm.json")
    people = {d["id"] for d in lines if d["schema"] == "Person"}
    assert people == {"Q7747"}  # Poutine and Putin: one person, with the id the user gave
    organisations = {d["id"]: d for d in lines if d["schema"] == "Organization"}
    assert "Q7184" in organisations  # NATO and OTAN
    resolved = {d["properties"]["resolved"][0] for d in lines if d["schema"] == "Mention"}
    assert "Q7747" in resolved and "Q7184" in resolved
    russia = [d for d in organisations.values() if "Russia" in d["properties"]["name"]]
    assert [d["properties"].get("country") for d in russia] == [["ru"]]  # a country acting


def test_ftm_is_what_aleph_expects(resolved_db: str, tmp_path: Path) -> None:
    lines = ftm_export(resolved_db, tmp_path / "entities.ftm.json")
    by_id: dict[str, Any] = {}
    for data in lines:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract
        schema.validate(data)
        proxy = model.get_proxy(data, cleaned=False)
        for prop_name, values in data["properties"].items():
            prop = schema.get(prop_name)
            assert prop is not None, (schema.name, prop_name)
            for value in values:  # every value valid for its property type, as Aleph checks
                assert prop.type.validate(value), (schema.name, prop_name, value)
        by_id[data["id"]] = by_id[data["id"]].merge(proxy) if data["id"] in by_id else proxy
    for proxy in by_id.values():
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":  # every reference resolves, to an entity of its range
                assert value in by_id and by_id[value].schema.is_a(prop.range), (prop.qname, value)
    assert "Address" not in {p.schema.name for p in by_id.values()}
    mentions = [p for p in by_id.values() if p.schema.name == "Mention"]
    assert {by_id[m.first("resolved")].schema.name for m in mentions} == {"Person", "Organization"}
    french, english = by_id["ng-a-fr"], by_id["ng-a-en"]
    assert french.get("peopleMentioned") == ["Vladimir Putin"]
    assert sorted(english.get("companiesMentioned")) == ["NATO", "Russia"]
    assert sorted(french.get("locationMentioned")) == ["Moscou"]
    assert english.get("detectedCountry") == [] and sorted(english.get("locationMentioned")) == [
        "Brussels", "Moscow"]
    for article in (french, english):  # no local path, anywhere
        assert not [v for _p, v in article.itervalues() if "/home/" in v]
    assert french.first("fileName") == "putin.txt" and french.first("name") == "putin.txt"
    assert english.first("name") == "Putin in Moscow" and english.get("fileName") == []
    events = [p for p in by_id.values() if p.schema.name == "Event"]
    assert sorted(e.first("location") for e in events) == ["Brussels", "Moscou"]


def test_ftm_countries_of_places_without_resolution() -> None:
    text = "Olaf Scholz a quitté l'Allemagne pour Kyiv. Scholz est arrivé en Ukraine."
    article = Article(id="a_trip", source="C:\\Users\\me\\trip.txt", text=text, lang="fr",
                      entities=[entity(text, "e1", "Olaf Scholz", "PER", "Olaf Scholz", "Scholz"),
                                entity(text, "e2", "Allemagne", "LOC", "Allemagne"),
                                entity(text, "e3", "Kyiv", "LOC", "Kyiv"),
                                entity(text, "e4", "Ukraine", "LOC", "Ukraine")])
    [document, *_rest] = article_entities(article)
    assert sorted(document.get("detectedCountry")) == ["de", "ua"]  # pycountry's, through the gazetteer
    assert sorted(document.get("locationMentioned")) == ["Allemagne", "Kyiv", "Ukraine"]
    assert document.get("fileName") == ["trip.txt"] and document.get("peopleMentioned") == ["Olaf Scholz"]


def police_articles() -> list[Article]:
    """Two articles in which "police" (no entity) arrests someone, a different person each."""
    articles = []
    for number, place in enumerate(("Lyon", "Brest")):
        text = f"La police a arrêté Jean Morel{number} à {place}."
        articles.append(Article(
            id=f"a_police{number}", source=f"police{number}.txt", text=text, lang="fr",
            entities=[entity(text, "e1", f"Jean Morel{number}", "PER", f"Jean Morel{number}")],
            events=[event(text, "v1", "COERCE", "arrêté", source=[ActorRef(None, "police")],
                          target=[ActorRef("e1", f"Jean Morel{number}")])],
        ))
    return articles


def test_ftm_unnamed_actors_belong_to_their_article_not_to_one_hub() -> None:
    """"la police" in two articles is two LegalEntities (one per article), so Aleph does not
    merge every article's police (or "people") into one entity linking unrelated events."""
    merged: dict[str, Any] = {}
    for article in police_articles():
        for proxy in article_entities(article):
            merged[proxy.id] = merged[proxy.id].merge(proxy) if proxy.id in merged else proxy
    police = [p for p in merged.values() if p.schema.name == "LegalEntity"]
    assert [p.first("name") for p in police] == ["police", "police"]
    assert len({p.id for p in police}) == 2
    organizers = {merged[e.first("proof")].first("fileName"): e.first("organizer")
                  for e in merged.values() if e.schema.name == "Event"}
    assert organizers["police0.txt"] != organizers["police1.txt"]
    assert set(organizers.values()) == {p.id for p in police}


# --- the tables in DuckDB and pandas --------------------------------------------------------


def test_duckdb_reads_the_parquet_tables_and_joins_corpus_entities(resolved_db: str, tmp_path: Path) -> None:
    """DuckDB over the Parquet files as they are: typed columns, list columns as lists, one
    join from in-article entities to their corpus entity and the user's id."""
    import duckdb

    export(resolved_db, "parquet", "-o", str(tmp_path))
    connection = duckdb.connect()
    for name in ("entities", "quotes", "corpus_entities"):
        connection.read_parquet(str(tmp_path / f"{name}.parquet")).create_view(name)
    types = {row[0]: row[1] for row in connection.sql("DESCRIBE entities").fetchall()}
    assert types["aliases"] == "VARCHAR[]" and types["position"] in ("INTEGER", "BIGINT")
    people = connection.sql(
        "SELECT e.name, c.name, c.external_id, c.article_count FROM entities e "
        "JOIN corpus_entities c ON e.corpus_entity_id = c.id WHERE e.type = 'PER' ORDER BY e.name"
    ).fetchall()
    assert [(row[0], row[2]) for row in people] == [
        ("Vladimir Poutine", "Q7747"), ("Vladimir Putin", "Q7747")]
    assert len({row[1] for row in people}) == 1 and people[0][3] == 2  # one person in two articles
    said = connection.sql(
        "SELECT c.external_id, q.text FROM quotes q "
        "JOIN entities e ON e.article_id = q.article_id AND e.id = q.speaker_entity_id "
        "JOIN corpus_entities c ON c.id = e.corpus_entity_id"
    ).fetchall()
    assert said == [("Q7747", "« Rien ne change »")]
    nato = connection.sql("SELECT aliases FROM corpus_entities WHERE external_id = 'Q7184'")
    [(aliases,)] = nato.fetchall()
    assert isinstance(aliases, list) and "OTAN" in aliases


def test_pandas_reads_the_csv_export_and_the_listings(resolved_db: str, tmp_path: Path) -> None:
    """pandas.read_csv on the CSV export and on a listing's `--format csv`; read_json(lines=True)
    on its `--format jsonl`: the same rows, ids in full."""
    import pandas as pd

    export(resolved_db, "csv", "-o", str(tmp_path))
    entities = pd.read_csv(tmp_path / "entities.csv", keep_default_na=False)
    corpus = pd.read_csv(tmp_path / "corpus_entities.csv", keep_default_na=False)
    people = entities[entities["type"] == "PER"].merge(corpus, left_on="corpus_entity_id", right_on="id",
                                                       suffixes=("", "_corpus"))
    assert sorted(people["name"]) == ["Vladimir Poutine", "Vladimir Putin"]
    assert set(people["external_id"]) == {"Q7747"}
    runner = CliRunner()
    listed = runner.invoke(main, ["entities", "--db", resolved_db, "--format", "csv"])
    assert listed.exit_code == 0, listed.output
    table = pd.read_csv(io.StringIO(listed.stdout), keep_default_na=False)
    as_json = runner.invoke(main, ["entities", "--db", resolved_db, "--format", "jsonl"])
    lines = pd.read_json(io.StringIO(as_json.stdout), lines=True)
    assert len(table) == len(lines) > 0 and list(table["name"]) == list(lines["name"])
    assert {"Vladimir Putin", "NATO", "Moscow"} <= set(table["name"])


def test_graph_nodes_carry_the_users_ids(resolved_db: str, tmp_path: Path) -> None:
    """GraphML and GEXF, read back by networkx: a corpus entity the user gave an id with
    --aliases carries it as given (`external_id`), "Poutine" and "Putin" one node."""
    for graph_format, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"graph.{graph_format}"
        export(resolved_db, graph_format, "-o", str(path))
        read = reader(path)
        given = {data["name"]: data.get("external_id") for _node, data in read.nodes(data=True)
                 if data.get("external_id")}
        assert given == {"Vladimir Putin": "Q7747", "NATO": "Q7184"}, graph_format
        people = [node for node, data in read.nodes(data=True) if data["type"] == "PER"]
        assert len(people) == 1 and people[0].startswith("c_"), graph_format


def test_ftm_command_line_validates_and_aggregates_the_export(resolved_db: str, tmp_path: Path) -> None:
    """followthemoney's own `ftm validate` (re-parses and cleans every value, as Aleph's
    loader does) changes nothing; `ftm aggregate` merges the fragments: one Person Q7747
    with the names of both articles."""
    from followthemoney.cli.cli import cli as ftm

    exported = tmp_path / "entities.ftm.json"
    lines = ftm_export(resolved_db, exported)
    validated, merged = tmp_path / "validated.json", tmp_path / "merged.json"
    runner = CliRunner()
    result = runner.invoke(ftm, ["validate", "-i", str(exported), "-o", str(validated)])
    assert result.exit_code == 0, result.output
    cleaned = [json.loads(line) for line in validated.read_text(encoding="utf-8").splitlines()]
    assert len(cleaned) == len(lines)
    for before, after in zip(lines, cleaned, strict=True):
        assert (after["id"], after["schema"]) == (before["id"], before["schema"])
        assert {p: sorted(v) for p, v in after["properties"].items()} == {
            p: sorted(v) for p, v in before["properties"].items()}, before["id"]
    result = runner.invoke(ftm, ["aggregate", "-i", str(exported), "-o", str(merged)])
    assert result.exit_code == 0, result.output
    entities = [json.loads(line) for line in merged.read_text(encoding="utf-8").splitlines()]
    assert len(entities) == len({d["id"] for d in lines})
    [putin] = [d for d in entities if d["schema"] == "Person"]
    assert putin["id"] == "Q7747"
    assert {"Vladimir Poutine", "Vladimir Putin"} <= {*putin["properties"]["name"], *putin["properties"].get(
        "alias", [])}


def test_graph_unnamed_actors_belong_to_their_article_not_to_one_hub(tmp_path: Path) -> None:
    """As in FtM: "police" in two articles is two UNNAMED nodes labelled "police" in the
    GraphML Gephi opens, not one hub linking the people two unrelated forces arrested."""
    path = tmp_path / "graph.graphml"
    export_graph(police_articles(), path, graph_format="graphml", kinds=["event"])
    read = nx.read_graphml(path)
    police = [node for node, data in read.nodes(data=True) if data["type"] == "UNNAMED"]
    assert len(police) == 2 and {read.nodes[node]["label"] for node in police} == {"police"}
    assert all(read.out_degree(node) == 1 for node in police)
