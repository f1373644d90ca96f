"""The shape of the code base (issue #19, "Shape"): the layers ingest → nlp → store →
resolve/export/analysis → api/web → cli, each importing only its own layer and those
below; the API's queries split by resource."""

from __future__ import annotations

import ast
from pathlib import Path

import newsgraph

PACKAGE = Path(newsgraph.__file__).parent

# Top-level module or package -> its layer; a module may import only from its layer or below.
LAYERS: dict[str, int] = {
    **dict.fromkeys(["model", "errors", "config", "dates", "text", "names", "union_find", "extras"], 0),
    "ingest": 1,
    **dict.fromkeys(["nlp", "library"], 2),
    **dict.fromkeys(["store", "dedup"], 3),
    **dict.fromkeys(["resolve", "export", "analysis", "evaluate", "learn", "batch", "frames"], 4),
    **dict.fromkeys(["api", "web"], 5),
    "cli": 6,
}
# Known imports against the order, each lazy (inside a function) and for a reason:
ALLOWED_UPWARD = {
    ("newsgraph.model", "newsgraph.frames"),  # Article.to_arrow()/to_pandas(), the Python API
    ("newsgraph.ingest.feeds", "newsgraph.library"),  # `watch` analyses and stores what it polls
}


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # newsgraph/__init__.py: the public API, above everything
    top = "cli" if parts[1].startswith("cli") else parts[1]
    return LAYERS.get(top)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "newsgraph":  # "from newsgraph import dedup"
                found |= {f"newsgraph.{a.name}" for a in node.names}
            else:
                found.add(node.module)
    return {name for name in found if name.startswith("newsgraph.")}


def upward_imports() -> set[tuple[str, str]]:
    upward: set[tuple[str, str]] = set()
    for path in PACKAGE.rglob("*.py"):
        module = module_name(path)
        own = layer_of(module)
        if own is None:
            continue
        for target in imported(path):
            other = layer_of(target)
            if other is not None and other > own:
                upward.add((module, target))
    return upward


def test_every_module_has_a_layer() -> None:
    tops = {module_name(p).split(".")[1] for p in PACKAGE.rglob("*.py") if module_name(p) != "newsgraph"}
    assert not {t for t in tops if not t.startswith("cli") and t not in LAYERS}


def test_no_layer_imports_a_layer_above_it() -> None:
    assert upward_imports() - ALLOWED_UPWARD == set()


def test_the_layer_test_sees_an_upward_import(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text("from newsgraph.store import Store\nimport newsgraph.api.app\n", encoding="utf-8")
    targets = imported(source)
    assert targets == {"newsgraph.store", "newsgraph.api.app"}
    assert all(layer_of(t) is not None and layer_of(t) > layer_of("newsgraph.nlp.entities")  # type: ignore[operator]
               for t in targets)


def test_api_queries_are_split_by_resource() -> None:
    queries = PACKAGE / "api" / "queries"
    assert not (PACKAGE / "api" / "queries.py").exists()
    resources = {p.stem for p in queries.glob("*.py")} - {"__init__", "common"}
    assert {"articles", "entities", "quotes", "events", "timeline", "graph"} <= resources
    longest = max(len(p.read_text(encoding="utf-8").splitlines()) for p in queries.glob("*.py"))
    assert longest < 600, longest
