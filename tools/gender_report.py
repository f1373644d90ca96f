"""Which people get a gender on an article directory, from what evidence, and the share of
quotes whose speaker's gender is known — to check every assigned gender against the text.

    .venv/bin/python tools/gender_report.py [DIR] [--json]

DIR defaults to ../shared/eval/dev (``*.txt`` files, optional ``date`` header).  Each
person is printed with their gender and every piece of evidence (rule, gender, the
words around it); the totals count PER entities with a known gender and quotes whose
speaker is a person with a known gender.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from newsgraph.ingest.header import split_header
from newsgraph.model import Article
from newsgraph.nlp.entities import EntityComponent
from newsgraph.nlp.gender import evidence_of
from newsgraph.nlp.langid import detect_language
from newsgraph.nlp.models import load_model
from newsgraph.nlp.quotes import QuoteComponent

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"


def report(path: Path, totals: Counter[str], *, verbose: bool) -> None:
    _, body = split_header(path.read_text(encoding="utf-8"))
    lang = detect_language(body) or "fr"
    doc = load_model(lang)(body)
    doc._.article = Article(id=path.stem, source=str(path), text=body, lang=lang)
    for component in (EntityComponent(), QuoteComponent()):
        doc = component(doc)
    article: Article = doc._.article
    people = {e.id: e for e in article.entities if e.type == "PER"}
    if verbose:
        print(f"== {path.name}")
    for entity in people.values():
        totals["people"] += 1
        totals[f"people_{entity.gender}"] += 1
        if verbose:
            print(f"  {entity.gender:8} {entity.name}")
            for evidence in evidence_of(doc).get(entity.id, []):
                context = body[max(0, evidence.start - 50) : evidence.end + 25].replace("\n", " / ")
                print(f"      {evidence.gender} {evidence.rule:10} …{context}…")
    for quote in article.quotes:
        totals["quotes"] += 1
        speaker = quote.speaker
        person = people.get(speaker.entity_id or "") if speaker is not None else None
        if person is not None:
            totals["quotes_by_people"] += 1
            totals[f"quotes_by_people_{person.gender}"] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--json", action="store_true", help="print only the totals as JSON")
    args = parser.parse_args(argv)
    totals: Counter[str] = Counter()
    for path in sorted(args.directory.glob("*.txt")):
        report(path, totals, verbose=not args.json)
    known = totals["people_f"] + totals["people_m"]
    quoted = totals["quotes_by_people_f"] + totals["quotes_by_people_m"]
    summary = {
        **dict(sorted(totals.items())),
        "people_known_share": round(known / totals["people"], 3) if totals["people"] else 0.0,
        "quotes_known_share": round(quoted / totals["quotes"], 3) if totals["quotes"] else 0.0,
        "quotes_by_people_known_share": (
            round(quoted / totals["quotes_by_people"], 3) if totals["quotes_by_people"] else 0.0
        ),
    }
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
