"""PNG charts of the statistics (matplotlib's object API on the Agg canvas: no display, no
pyplot global state)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from newsgraph.extras import missing

try:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator
except ImportError as exc:  # the [plots] extra
    raise missing("plots") from exc

from newsgraph.analysis.events import PairRow
from newsgraph.analysis.keys import SOURCE_KINDS
from newsgraph.analysis.periods import UNDATED
from newsgraph.analysis.quotes import GenderRow, PerArticle, QuotedRow, ShareRow

_KIND_COLOURS = {
    "person": "#1f77b4", "organisation": "#9467bd", "unnamed": "#ff7f0e", "unattributed": "#bbbbbb",
}
_GENDER_COLOURS = {"f": "#d62728", "m": "#2ca02c", "unknown": "#bbbbbb"}


def _figure(width: float, height: float) -> tuple[Figure, Any]:
    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    return figure, figure.subplots()


def _save(figure: Figure, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    return path


def plot_top_quoted(rows: Sequence[QuotedRow], path: Path, *, title: str = "Most quoted") -> Path:
    """Horizontal bars of one group's ranking (the first group of ``rows``)."""
    group = rows[0].group if rows else ""
    chosen = [r for r in rows if r.group == group][::-1]
    figure, axes = _figure(7, 0.45 * len(chosen) + 1.2)
    colours = [_KIND_COLOURS.get(r.kind, "#888888") for r in chosen]
    axes.barh([r.name for r in chosen], [r.quotes for r in chosen], color=colours)
    axes.set_xlabel("quotes")
    axes.set_title(title)
    for kind in dict.fromkeys(r.kind for r in chosen):
        axes.bar(0, 0, color=_KIND_COLOURS.get(kind, "#888888"), label=kind)  # legend entries only
    axes.legend(loc="lower right", frameon=False)
    return _save(figure, path)


def plot_source_shares(rows: Sequence[ShareRow], path: Path, *, title: str = "Sources of quotes") -> Path:
    """One stacked bar per group: share of person / organisation / unnamed / unattributed."""
    groups = list(dict.fromkeys(r.group for r in rows))
    shares = {(r.group, r.kind): r.share for r in rows}
    figure, axes = _figure(7, 0.6 * len(groups) + 1.5)
    left = [0.0] * len(groups)
    for kind in SOURCE_KINDS:
        widths = [shares.get((g, kind), 0.0) * 100 for g in groups]
        axes.barh(groups, widths, left=left, label=kind, color=_KIND_COLOURS[kind])
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of quotes")
    axes.set_title(title)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=4, frameon=False)
    return _save(figure, path)


def plot_quotes_per_article(summary: PerArticle, path: Path) -> Path:
    figure, axes = _figure(6, 3.5)
    values = [n for n, _ in summary.histogram]
    axes.bar(values, [articles for _, articles in summary.histogram], color="#1f77b4")
    axes.set_xlabel("quotes in the article")
    axes.set_ylabel("articles")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(f"Quotes per article (mean {summary.mean:.1f}, median {summary.median:g})")
    return _save(figure, path)


def plot_gender(rows: Sequence[GenderRow], path: Path) -> Path:
    """Quotes by people per marked gender, one stacked bar per group, coverage in the label."""
    labels = [f"{r.group}\n(marked: {r.coverage:.0%})" for r in rows]
    figure, axes = _figure(7, 0.7 * len(rows) + 1.5)
    left = [0] * len(rows)
    for gender, label in (("f", "women (marked)"), ("m", "men (marked)"), ("unknown", "not marked")):
        widths = [getattr(r, gender) for r in rows]
        axes.barh(labels, widths, left=left, label=label, color=_GENDER_COLOURS[gender])
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_xlabel("quotes by people")
    axes.set_title("Gender of quoted people, where the text marks it")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, frameon=False)
    return _save(figure, path)


def plot_series(
    series: Mapping[str, Sequence[tuple[str, int]]], path: Path, *, title: str, ylabel: str
) -> Path:
    """Lines over periods (``undated`` left out), one per named series."""
    periods = sorted({p for points in series.values() for p, _ in points if p != UNDATED})
    figure, axes = _figure(7, 3.8)
    for name, points in series.items():
        counts = dict(points)
        axes.plot(periods, [counts.get(p, 0) for p in periods], marker="o", label=name)
    axes.set_ylabel(ylabel)
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(title)
    axes.tick_params(axis="x", rotation=45)
    axes.legend(fontsize="small", frameon=False)
    return _save(figure, path)


def plot_event_pairs(rows: Sequence[PairRow], path: Path) -> Path:
    """One horizontal bar per (source, type, target), stacked by period."""
    labels = [f"{r.source} —{r.type}→ {r.target}" for r in rows][::-1]
    counts = [dict(r.by_period) for r in rows][::-1]
    periods = sorted({p for c in counts for p in c}, key=lambda p: (p == UNDATED, p))
    figure, axes = _figure(8, 0.45 * len(rows) + 1.8)
    left = [0] * len(rows)
    for period in periods:
        widths = [c.get(period, 0) for c in counts]
        axes.barh(labels, widths, left=left, label=period)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_xlabel("events")
    axes.set_title("Most active event pairs, by period")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="lower right", fontsize="small", frameon=False)
    return _save(figure, path)


def plot_network(edges: Sequence[tuple[str, str, int]], path: Path, *, title: str) -> Path:
    """Weighted edges (name, name, weight) on a circle (readable labels, whatever the
    components); widths follow weights."""
    import networkx as nx

    graph = nx.Graph()
    for a, b, weight in edges:
        graph.add_edge(a, b, weight=weight)
    figure, axes = _figure(7, 5.5)
    layout = nx.circular_layout(sorted(graph.nodes))
    widths = [1 + 2 * graph[a][b]["weight"] / max(w for *_, w in edges) for a, b in graph.edges]
    nx.draw_networkx_edges(graph, layout, ax=axes, width=widths, edge_color="#999999")
    nx.draw_networkx_nodes(graph, layout, ax=axes, node_size=300, node_color="#aec7e8")
    nx.draw_networkx_labels(graph, layout, ax=axes, font_size=8)
    axes.set_title(title)
    axes.margins(0.25)
    axes.axis("off")
    return _save(figure, path)
