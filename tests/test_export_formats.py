"""FollowTheMoney and GraphML/GEXF exports, read back with their own readers (GDELT:
test_export_gdelt.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
from export_corpus import corpus
from followthemoney import model

from newsgraph.analysis.networks import tally_graph
from newsgraph.export.ftm import article_entities, write_ftm
from newsgraph.export.graph import build_graph, export_graph, write_graph

# --- FollowTheMoney ---------------------------------------------------------------------


def ftm_lines() -> list[dict[str, object]]:
    out = io.StringIO()
    write_ftm(corpus(), out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_ftm_entities_validate_and_load_as_proxies() -> None:
    lines = ftm_lines()
    for data in lines:
        schema = model.get(str(data["schema"]))
        assert schema is not None and not schema.abstract
        schema.validate(data)  # raises InvalidData
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.id == data["id"]
    schema_of = {d["id"]: model.get(str(d["schema"])) for d in lines}
    for data in lines:
        proxy = model.get_proxy(data)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in schema_of, (proxy.schema.name, prop.name, value)  # no dangling links
                assert schema_of[value].is_a(prop.range), (proxy.schema.name, prop.name, value)
    schemata = {str(d["schema"]) for d in lines}
    assert schemata == {"Article", "Person", "Organization", "Mention", "Documentation", "Event",
                        "LegalEntity"}


def test_ftm_fragments_aggregate_to_one_entity_per_name() -> None:
    merged: dict[str, object] = {}
    for data in ftm_lines():
        proxy = model.get_proxy(data)
        if proxy.id in merged:
            merged[proxy.id].merge(proxy)  # type: ignore[attr-defined]
        else:
            merged[proxy.id] = proxy  # type: ignore[index]
    people = [p for p in merged.values() if p.schema.name == "Person"]  # type: ignore[attr-defined]
    names = sorted(p.first("name") for p in people)  # type: ignore[attr-defined]
    assert names == ["Anne Martin", "Emmanuel Macron", "Olaf Scholz"]
    genders = {p.first("name"): p.get("gender") for p in people}  # type: ignore[attr-defined]
    assert genders == {"Anne Martin": ["female"], "Emmanuel Macron": ["male"], "Olaf Scholz": []}


def test_ftm_quotes_and_events_keep_their_provenance() -> None:
    summit = corpus()[0]
    proxies = list(article_entities(summit))
    article = proxies[0]
    assert article.id == "ng-a-summit"
    assert article.schema.name == "Article" and article.first("sourceUrl") == "https://example.org/summit"
    assert article.first("publisher") == "Le Quotidien" and article.first("publishedAt") == "2023-09-13"
    quotes = [p for p in proxies if p.schema.name == "Documentation"]
    assert [q.first("summary") for q in quotes] == ["« Berlin compte »", "« Macron a raison »",
                                                   "« Nous restons unis »"]
    assert all(q.first("document") == article.id for q in quotes)
    assert "a_summit [" in str(quotes[0].first("description"))
    [event] = [p for p in proxies if p.schema.name == "Event"]
    by_id = {p.id: p for p in proxies}
    assert by_id[event.first("organizer")].first("name") == "Emmanuel Macron"
    assert by_id[event.first("involved")].first("name") == "Olaf Scholz"
    assert event.first("location") == "Berlin" and event.first("date") == "2023-09-12"
    assert event.first("proof") == article.id


def test_ftm_unnamed_actor_is_a_legal_entity_and_unattributed_quotes_are_left_out() -> None:
    proxies = list(article_entities(corpus()[1]))
    assert not [p for p in proxies if p.schema.name == "Documentation"]  # no speaker entity
    [group] = [p for p in proxies if p.schema.name == "LegalEntity"]
    assert group.first("name") == "manifestants"


# --- GraphML / GEXF -----------------------------------------------------------------------


def edges_of(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str, str], int]:
    return {(graph.nodes[a]["label"], graph.nodes[b]["label"], d["kind"], d["label"]): int(d["weight"])
            for a, b, d in graph.edges(data=True)}


def test_graph_edges_and_weights() -> None:
    graph = build_graph(tally_graph(corpus()))
    edges = edges_of(graph)
    assert edges[("Emmanuel Macron", "Olaf Scholz", "event", "CONSULT")] == 1
    assert edges[("Olaf Scholz", "Emmanuel Macron", "event", "CONSULT")] == 2  # asserted + hypothetical
    assert edges[("Emmanuel Macron", "Olaf Scholz", "cooccurrence", "cooccurrence")] == 2
    assert edges[("Anne Martin", "Berlin", "about", "about")] == 2
    assert edges[("Olaf Scholz", "Emmanuel Macron", "about", "about")] == 1
    assert edges[("Anne Martin", "Olaf Scholz", "coquoted", "coquoted")] == 1
    assert not [e for e in edges if e[0] == "manifestants"]  # an event without a target: no edge
    assert graph.nodes["PER:Anne Martin"]["quotes"] == 2


def test_graph_min_weight_keeps_heavy_edges_only() -> None:
    graph = build_graph(tally_graph(corpus()), min_weight=2)
    assert all(int(d["weight"]) >= 2 for _a, _b, d in graph.edges(data=True))
    assert graph.number_of_edges() > 0


def test_graphml_reads_back_with_networkx(tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    nodes, edges = export_graph(corpus(), path, graph_format="graphml")
    read = nx.read_graphml(path, force_multigraph=True)
    assert read.number_of_nodes() == nodes and read.number_of_edges() == edges
    assert edges_of(read) == edges_of(build_graph(tally_graph(corpus())))
    assert read.nodes["PER:Emmanuel Macron"]["type"] == "PER"


def test_gexf_reads_back_with_networkx(tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    graph = build_graph(tally_graph(corpus()))
    write_graph(graph, path, graph_format="gexf")
    read = nx.read_gexf(path)
    assert read.number_of_nodes() == graph.number_of_nodes()
    assert read.number_of_edges() == graph.number_of_edges()
    assert read.nodes["PER:Anne Martin"]["label"] == "Anne Martin"
    kinds = {d["kind"] for _a, _b, d in read.edges(data=True)}
    assert kinds == {"cooccurrence", "coquoted", "about", "event"}


def test_graph_kinds_can_be_chosen() -> None:
    graph = build_graph(tally_graph(corpus(), kinds=["event"]))
    assert {d["kind"] for _a, _b, d in graph.edges(data=True)} == {"event"}

