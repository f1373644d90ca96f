"""Precision and recall of the merge decision on a corpus of name pairs.

    python -m newsgraph.resolve.evaluate [PAIRS.tsv] [--errors]

Each pair is resolved in a corpus made of its two names and its context names only; a
pair is predicted "same" when both names end in one corpus entity.  Positive class:
"same".  The bundled corpus is ``newsgraph/resolve/data/name_pairs.tsv``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from newsgraph.resolve.resolver import NameRecord, resolve_records

BUNDLED_PAIRS = "name_pairs.tsv"


@dataclass(frozen=True, slots=True)
class Pair:
    same: bool
    a: NameRecord
    b: NameRecord
    context: tuple[NameRecord, ...]


@dataclass(frozen=True, slots=True)
class Scores:
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int
    errors: tuple[tuple[Pair, bool], ...]  # (pair, predicted) for every wrong decision

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0


def parse_name(cell: str, entity_type: str) -> NameRecord:
    """``Kim Jong-un ~ Kim`` -> a record named Kim Jong-un with the alias Kim."""
    name, *aliases = [part.strip() for part in cell.split(" ~ ")]
    return NameRecord(name=name, type=entity_type, aliases=tuple(aliases))


def read_pairs(text: str) -> Iterator[Pair]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for line in lines[1:]:
        same, a, type_a, b, type_b, *rest = line.split("\t")
        context = tuple(
            parse_name(*item.rsplit("/", 1)) for item in (rest[0].split("|") if rest and rest[0] else [])
        )
        yield Pair(same == "1", parse_name(a, type_a), parse_name(b, type_b), context)


def bundled_pairs() -> list[Pair]:
    text = resources.files("newsgraph.resolve").joinpath("data").joinpath(BUNDLED_PAIRS).read_text("utf-8")
    return list(read_pairs(text))


def predict(pair: Pair) -> bool:
    resolution = resolve_records([pair.a, pair.b, *pair.context])
    return resolution.same((pair.a.name, pair.a.type), (pair.b.name, pair.b.type))


def score(pairs: Sequence[Pair]) -> Scores:
    counts = {(True, True): 0, (False, True): 0, (True, False): 0, (False, False): 0}
    errors = []
    for pair in pairs:
        predicted = predict(pair)
        counts[(pair.same, predicted)] += 1
        if predicted != pair.same:
            errors.append((pair, predicted))
    return Scores(
        true_positives=counts[(True, True)],
        false_positives=counts[(False, True)],
        false_negatives=counts[(True, False)],
        true_negatives=counts[(False, False)],
        errors=tuple(errors),
    )


def main(argv: Sequence[str]) -> int:
    paths = [a for a in argv if not a.startswith("--")]
    pairs = list(read_pairs(Path(paths[0]).read_text("utf-8"))) if paths else bundled_pairs()
    scores = score(pairs)
    print(
        f"pairs {len(pairs)}  TP {scores.true_positives}  FP {scores.false_positives}  "
        f"FN {scores.false_negatives}  TN {scores.true_negatives}  "
        f"precision {scores.precision:.3f}  recall {scores.recall:.3f}"
    )
    if "--errors" in argv:
        for pair, predicted in scores.errors:
            kind = "false merge" if predicted else "missed merge"
            print(f"  {kind}: {pair.a.name} ({pair.a.type}) / {pair.b.name} ({pair.b.type})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
