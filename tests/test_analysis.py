"""Statistics on hand-built articles, and the export/stats commands end to end."""

from __future__ import annotations

import json
from pathlib import Path

import click
import networkx as nx
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from export_corpus import build_store, corpus

from newsgraph.analysis import plots
from newsgraph.analysis.events import tally_events, top_pairs
from newsgraph.analysis.networks import strongest_edges, tally_graph
from newsgraph.analysis.periods import period_of
from newsgraph.analysis.quotes import (
    gender_report,
    quotes_over_time,
    quotes_per_article,
    source_shares,
    tally_quotes,
    top_quoted,
)
from newsgraph.cli_export import export, stats
from newsgraph.model import DateValue


def test_periods_respect_precision() -> None:
    assert period_of(DateValue.parse("2023-09-13"), "month") == "2023-09"
    assert period_of(DateValue.parse("2023"), "month") == "undated"
    assert period_of(DateValue.parse("2023"), "year") == "2023"
    assert period_of(None, "year") == "undated"


def test_top_quoted_overall_and_by_outlet() -> None:
    tally = tally_quotes(corpus())
    overall = top_quoted(tally, top=2)
    assert [(r.name, r.kind, r.quotes) for r in overall] == [
        ("Anne Martin", "person", 2), ("OTAN", "organisation", 1),
    ]
    assert overall[0].share == pytest.approx(2 / 5)  # five attributed quotes
    by_outlet = top_quoted(tally, by="outlet", top=1)
    assert [(r.group, r.name) for r in by_outlet] == [
        ("Le Quotidien", "Anne Martin"), ("The Daily", "Anne Martin"),
    ]


def test_source_shares_by_period() -> None:
    rows = source_shares(tally_quotes(corpus()), by="period")
    shares = {(r.group, r.kind): r.quotes for r in rows}
    assert shares[("2023-09", "person")] == 2 and shares[("2023-09", "organisation")] == 1
    assert shares[("2023-10", "unnamed")] == 1 and shares[("2023-10", "unattributed")] == 1
    assert shares[("undated", "person")] == 1  # dated 2023 only: no month
    assert sum(r.share for r in rows if r.group == "2023-10") == pytest.approx(1.0)


def test_quotes_per_article() -> None:
    summary = quotes_per_article(tally_quotes(corpus()))
    assert (summary.articles, summary.quotes, summary.median) == (3, 6, 2.0)
    assert summary.histogram == ((1, 1), (2, 1), (3, 1)) and summary.without_quotes == 0


def test_gender_only_as_marked_with_coverage() -> None:
    [row] = gender_report(tally_quotes(corpus()))
    assert (row.f, row.m, row.unknown) == (2, 0, 1)  # Martin twice (marked), Scholz unmarked
    assert row.coverage == pytest.approx(2 / 3)
    assert (row.people_f, row.people_m, row.people_unknown) == (1, 0, 1)


def test_quotes_over_time_for_a_speaker() -> None:
    series = quotes_over_time(tally_quotes(corpus(), granularity="year"), speaker="martin")
    assert series == {"Anne Martin": [("2023", 2)]}


def test_networks() -> None:
    tally = tally_graph(corpus())
    coquoted = strongest_edges(tally, kind="coquoted")
    assert {frozenset((e.source, e.target)) for e in coquoted} == {
        frozenset(pair)
        for pair in (("Anne Martin", "Olaf Scholz"), ("Anne Martin", "OTAN"), ("OTAN", "Olaf Scholz"))
    }
    assert {e.weight for e in coquoted} == {1}
    cooccurrence = {frozenset((e.source, e.target)): e.weight
                    for e in strongest_edges(tally, kind="cooccurrence", top=100)}
    assert cooccurrence[frozenset(("Emmanuel Macron", "Olaf Scholz"))] == 2  # summit and protest
    assert cooccurrence[frozenset(("Anne Martin", "OTAN"))] == 1
    assert max(cooccurrence.values()) == 2


def test_event_pairs_over_time_and_modalities() -> None:
    rows = top_pairs(tally_events(corpus()))
    assert (rows[0].source, rows[0].type, rows[0].target, rows[0].events) == (
        "Olaf Scholz", "CONSULT", "Emmanuel Macron", 2)
    assert rows[0].by_period == (("2023-10", 2),)
    asserted = top_pairs(tally_events(corpus(), modalities=["asserted"]))
    assert [(r.source, r.target, r.events) for r in asserted][:2] == [
        ("Emmanuel Macron", "Olaf Scholz", 1), ("Olaf Scholz", "Emmanuel Macron", 1)]
    assert "manifestants" not in {r.source for r in rows}
    untargeted = top_pairs(tally_events(corpus(), untargeted=True))
    assert ("manifestants", "PROTEST", "—") in {(r.source, r.type, r.target) for r in untargeted}


def test_plots_are_png_files(tmp_path: Path) -> None:
    tally = tally_quotes(corpus())
    drawn = [
        plots.plot_top_quoted(top_quoted(tally), tmp_path / "top.png"),
        plots.plot_source_shares(source_shares(tally, by="outlet"), tmp_path / "shares.png"),
        plots.plot_quotes_per_article(quotes_per_article(tally), tmp_path / "per.png"),
        plots.plot_gender(gender_report(tally, by="outlet"), tmp_path / "gender.png"),
        plots.plot_event_pairs(top_pairs(tally_events(corpus())), tmp_path / "pairs.png"),
        plots.plot_network([("A", "B", 2), ("B", "C", 1)], tmp_path / "net.png", title="net"),
    ]
    for path in drawn:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- commands -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("cli"))


@pytest.fixture()
def cli() -> click.Group:
    group = click.Group("newsgraph")
    group.add_command(export)
    group.add_command(stats)
    return group


def test_export_jsonl_to_stdout(cli: click.Group, db: str) -> None:
    result = CliRunner().invoke(cli, ["export", "jsonl", "--db", db, "--lang", "fr", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a_protest", "a_summit"]


def test_export_parquet_directory_and_graph_file(cli: click.Group, db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "parquet", "--db", db, "--query", "Berlin",
                                 "-o", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    assert pq.read_table(tmp_path / "pq" / "articles.parquet").num_rows == 2
    result = runner.invoke(cli, ["export", "gexf", "--db", db, "--edges", "event",
                                 "-o", str(tmp_path / "g.gexf")])
    assert result.exit_code == 0, result.output
    assert {d["kind"] for *_, d in nx.read_gexf(tmp_path / "g.gexf").edges(data=True)} == {"event"}


def test_export_tables_to_stdout_needs_a_table(cli: click.Group, db: str) -> None:
    result = CliRunner().invoke(cli, ["export", "csv", "--db", db, "-o", "-"])
    assert result.exit_code == 2 and "--table" in result.output
    result = CliRunner().invoke(cli, ["export", "csv", "--db", db, "--table", "events", "-o", "-"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 5


def test_stats_commands(cli: click.Group, db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["stats", "quoted", "--db", db, "--by", "outlet", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["name"] == "Anne Martin"
    result = runner.invoke(cli, ["stats", "gender", "--db", db, "--json", "--plot", str(tmp_path / "g.png")])
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["coverage"] == pytest.approx(2 / 3)
    assert (tmp_path / "g.png").exists()
    for command in (["shares", "--by", "period"], ["per-article"], ["over-time", "Scholz"],
                    ["network", "--kind", "cooccurrence"], ["event-pairs", "--modality", "asserted"]):
        result = runner.invoke(cli, ["stats", *command, "--db", db])
        assert result.exit_code == 0, (command, result.output)
