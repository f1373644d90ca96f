"""Score quote extraction on an annotated directory and print per-quote errors.

    .venv/bin/python tools/quote_errors.py [EVAL_DIR] [--cache DIR] [--json]

EVAL_DIR defaults to ../shared/eval/dev.  Parsed docs are cached (DocBin) in --cache so
re-runs after a rule change take a second.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from spacy.tokens import Doc, DocBin

from newsgraph.evaluate.quotes import Report, locate_gold, score_article
from newsgraph.ingest.header import split_header
from newsgraph.model import Article
from newsgraph.nlp.component import Component
from newsgraph.nlp.models import load_model
from newsgraph.nlp.quotes import QuoteComponent

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"


def components() -> list[Component]:
    found: list[Component] = []
    try:
        from newsgraph.nlp.entities import EntityComponent
    except ImportError:
        pass
    else:
        found.append(EntityComponent())
    found.append(QuoteComponent())
    return found


def language_of(name: str) -> str:
    return "en" if name.startswith("en") else "fr"


def parsed(path: Path, body: str, lang: str, cache: Path | None) -> Doc:
    nlp = load_model(lang)
    if cache is not None:
        stored = cache / f"{path.stem}.spacy"
        if stored.exists():
            doc = next(iter(DocBin().from_disk(stored).get_docs(nlp.vocab)))
            if doc.text == body:
                return doc
    doc = nlp(body)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin()
        bin_.add(doc)
        bin_.to_disk(cache / f"{path.stem}.spacy")
    return doc


def evaluate(directory: Path, cache: Path | None) -> Report:
    report = Report()
    pipeline = components()
    for path in sorted(directory.glob("*.txt")):
        gold_path = path.with_suffix(".gold.json")
        if not gold_path.exists():
            continue
        _, body = split_header(path.read_text(encoding="utf-8"))
        lang = language_of(path.stem)
        doc = parsed(path, body, lang, cache)
        doc._.article = Article(id=path.stem, source=str(path), text=body, lang=lang)
        for component in pipeline:
            doc = component(doc)
        gold = locate_gold(body, json.loads(gold_path.read_text(encoding="utf-8")))
        report.articles.append(score_article(path.stem, lang, body, doc._.article.quotes, gold))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--json", action="store_true", help="print only the summary as JSON")
    args = parser.parse_args(argv)
    report = evaluate(args.directory, args.cache)
    if not args.json:
        for line in report.errors():
            print(line)
    print(json.dumps(report.summary(), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
