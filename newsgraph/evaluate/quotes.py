"""The quote scorer of the evaluation protocol (``/work/shared/eval/README.md``).

Spans are trimmed (:func:`trim_span`), predicted and gold quotes of one article are
paired one to one greedily by descending Jaccard overlap, a pair matches when Jaccard
>= 0.5 (headline) or, leniently (Gender Gap Tracker), when overlap / gold length > 0.3.
Speakers are compared on matched pairs: people with :func:`names_match`, groups with
:func:`group_names_match`, and a gold ``null`` expects no speaker.  End to end, a
prediction is a true positive only when it matches AND names the right speaker.
``according_to`` predictions are not annotated in the gold and are left out (counted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsgraph.evaluate.protocol import group_names_match, names_match, trim_span
from newsgraph.model import Quote
from newsgraph.nlp.quote_marks import find_quotations

HEADLINE_JACCARD = 0.5
LENIENT_OVERLAP = 0.3


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_is_person: bool


@dataclass(slots=True)
class Pair:
    predicted: Quote
    gold: GoldQuote
    jaccard: float
    speaker_ok: bool


@dataclass(slots=True)
class ArticleResult:
    name: str
    lang: str
    pairs: list[Pair]
    lenient_pairs: int
    unmatched_predicted: list[Quote]
    unmatched_gold: list[GoldQuote]
    left_out: int


@dataclass(slots=True)
class Counts:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    end_to_end: int = 0

    def add(self, other: Counts) -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.matched += other.matched
        self.end_to_end += other.end_to_end

    def scores(self) -> dict[str, float]:
        p, r = _ratio(self.matched, self.predicted), _ratio(self.matched, self.gold)
        ep, er = _ratio(self.end_to_end, self.predicted), _ratio(self.end_to_end, self.gold)
        return {
            "precision": p,
            "recall": r,
            "f1": _f1(p, r),
            "e2e_precision": ep,
            "e2e_recall": er,
            "e2e_f1": _f1(ep, er),
            "speaker_accuracy": _ratio(self.end_to_end, self.matched),
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass(slots=True)
class Report:
    articles: list[ArticleResult] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        overall, lenient = Counts(), Counts()
        by_kind: dict[str, Counts] = {}
        by_lang: dict[str, Counts] = {}
        by_how: dict[str, Counts] = {}
        left_out = 0
        for result in self.articles:
            counts = _article_counts(result)
            overall.add(counts)
            by_lang.setdefault(result.lang, Counts()).add(counts)
            lenient.add(Counts(counts.predicted, counts.gold, result.lenient_pairs, 0))
            _add_by_kind(by_kind, result)
            _add_by_how(by_how, result)
            left_out += result.left_out
        return {
            "overall": overall.scores(),
            "lenient": {k: v for k, v in lenient.scores().items() if not k.startswith("e2e")
                        and k != "speaker_accuracy"},
            "by_kind": {k: v.scores() for k, v in sorted(by_kind.items())},
            "by_lang": {k: v.scores() for k, v in sorted(by_lang.items())},
            "speaker_by_how": {
                k: {"matched": v.matched, "right": v.end_to_end,
                    "accuracy": _ratio(v.end_to_end, v.matched)}
                for k, v in sorted(by_how.items())
            },
            "according_to_left_out": left_out,
        }

    def errors(self) -> list[str]:
        """One line per error: missed gold quotes, false predictions, wrong speakers."""
        lines: list[str] = []
        for result in self.articles:
            for gold in result.unmatched_gold:
                lines.append(f"{result.name}\tMISSED\t{gold.kind}\t{gold.speaker}\t{gold.text!r}")
            for quote in result.unmatched_predicted:
                who = quote.speaker.name if quote.speaker else None
                lines.append(f"{result.name}\tFALSE\t{quote.kind}\t{who}\t{quote.text!r}")
            for pair in result.pairs:
                if not pair.speaker_ok:
                    spk = pair.predicted.speaker
                    who = f"{spk.name} ({spk.how})" if spk else None
                    lines.append(
                        f"{result.name}\tSPEAKER\t{pair.gold.kind}\tgold={pair.gold.speaker}"
                        f" predicted={who}\t{pair.gold.text!r}"
                    )
        return lines


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _article_counts(result: ArticleResult) -> Counts:
    predicted = len(result.pairs) + len(result.unmatched_predicted)
    gold = len(result.pairs) + len(result.unmatched_gold)
    right = sum(1 for pair in result.pairs if pair.speaker_ok)
    return Counts(predicted, gold, len(result.pairs), right)


def _add_by_kind(by_kind: dict[str, Counts], result: ArticleResult) -> None:
    """Gold-kind recall and predicted-kind precision, per kind."""
    for pair in result.pairs:
        gold_counts = by_kind.setdefault(pair.gold.kind, Counts())
        gold_counts.gold += 1
        gold_counts.matched += 1
        gold_counts.end_to_end += int(pair.speaker_ok)
        by_kind.setdefault(pair.predicted.kind, Counts()).predicted += 1
    for gold in result.unmatched_gold:
        by_kind.setdefault(gold.kind, Counts()).gold += 1
    for quote in result.unmatched_predicted:
        by_kind.setdefault(quote.kind, Counts()).predicted += 1


def _add_by_how(by_how: dict[str, Counts], result: ArticleResult) -> None:
    for pair in result.pairs:
        speaker = pair.predicted.speaker
        how = speaker.how if speaker else "none"
        counts = by_how.setdefault(how, Counts())
        counts.matched += 1
        counts.end_to_end += int(pair.speaker_ok)


def locate_gold(text: str, gold: dict[str, Any]) -> list[GoldQuote]:
    """Gold quotes with offsets: the k-th repeat of a text takes its k-th occurrence."""
    people = {str(name) for name in gold.get("people", [])}
    seen: Counter[str] = Counter()
    located: list[GoldQuote] = []
    quoted_seen: Counter[str] = Counter()
    quotations: list[tuple[int, int]] | None = None
    for item in gold.get("quotes", []):
        quote_text = str(item["text"])
        start = -1
        if str(item.get("kind", "direct")) == "direct":
            if quotations is None:
                quotations = [(q.start, q.end) for q in find_quotations(text)]
            start = _nth_quoted_occurrence(text, quote_text, quoted_seen[quote_text], quotations)
            quoted_seen[quote_text] += 1
        if start < 0:
            start = _nth_occurrence(text, quote_text, seen[quote_text])
            seen[quote_text] += 1
        if start < 0:
            raise ValueError(f"gold quote not found in the text: {quote_text[:60]!r}")
        speaker = item.get("speaker")
        located.append(
            GoldQuote(
                start=start,
                end=start + len(quote_text),
                text=quote_text,
                kind=str(item.get("kind", "direct")),
                speaker=speaker,
                speaker_is_person=speaker in people,
            )
        )
    return located


def _nth_quoted_occurrence(text: str, needle: str, n: int,
                           quotations: Sequence[tuple[int, int]]) -> int:
    """The n-th occurrence of a direct quote's text that stands inside quotation marks
    (a phrase also written unquoted earlier is the quoted occurrence); those its own marks
    enclose exactly (« caractère mondial ») come before those inside a longer quotation
    (« … à caractère mondial »); -1 when none."""
    exact: list[int] = []
    inside: list[int] = []
    found = text.find(needle)
    while found >= 0:
        end = found + len(needle)
        for start, stop in quotations:
            if start <= found and end <= stop:
                exactly = trim_span(text, start, stop) == trim_span(text, found, end)
                (exact if exactly else inside).append(found)
                break
        found = text.find(needle, found + 1)
    ranked = exact + inside
    return ranked[n] if n < len(ranked) else -1


def _nth_occurrence(text: str, needle: str, n: int) -> int:
    position = -1
    for _ in range(n + 1):
        found = text.find(needle, position + 1)
        if found < 0:
            return text.find(needle) if n else -1
        position = found
    return position


def speaker_right(predicted: Quote, gold: GoldQuote) -> bool:
    return speaker_name_right(predicted.speaker.name if predicted.speaker else None, gold)


def speaker_name_right(name: str | None, gold: GoldQuote) -> bool:
    """The protocol's speaker rule: people by name (one edit), groups by containment,
    a gold null expects no speaker."""
    if gold.speaker is None:
        return name is None
    if name is None:
        return False
    if gold.speaker_is_person:
        return names_match(name, gold.speaker)
    return group_names_match(name, gold.speaker)


def score_article(
    name: str, lang: str, text: str, predicted: Sequence[Quote], gold: Sequence[GoldQuote]
) -> ArticleResult:
    scored = [q for q in predicted if q.kind != "according_to"]
    left_out = len(predicted) - len(scored)
    pred_spans = [trim_span(text, q.start, q.end) for q in scored]
    gold_spans = [trim_span(text, g.start, g.end) for g in gold]
    candidates = _candidate_pairs(pred_spans, gold_spans)
    pairs, used_p, used_g = _greedy(candidates, HEADLINE_JACCARD, scored, gold)
    lenient = _lenient_count(pred_spans, gold_spans)
    return ArticleResult(
        name=name,
        lang=lang,
        pairs=pairs,
        lenient_pairs=lenient,
        unmatched_predicted=[q for i, q in enumerate(scored) if i not in used_p],
        unmatched_gold=[g for i, g in enumerate(gold) if i not in used_g],
        left_out=left_out,
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _candidate_pairs(
    pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]
) -> list[tuple[float, int, int]]:
    candidates: list[tuple[float, int, int]] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            inter = _overlap(p, g)
            if inter:
                union = (p[1] - p[0]) + (g[1] - g[0]) - inter
                candidates.append((inter / union, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    return candidates


def _greedy(
    candidates: Iterable[tuple[float, int, int]],
    threshold: float,
    predicted: Sequence[Quote],
    gold: Sequence[GoldQuote],
) -> tuple[list[Pair], set[int], set[int]]:
    pairs: list[Pair] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for jaccard, i, j in candidates:
        if jaccard < threshold or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append(Pair(predicted[i], gold[j], jaccard, speaker_right(predicted[i], gold[j])))
    return pairs, used_p, used_g


def _lenient_count(pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> int:
    """Greedy one-to-one pairing by overlap / gold length > 0.3 (Gender Gap Tracker)."""
    candidates: list[tuple[float, int, int]] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            inter = _overlap(p, g)
            length = g[1] - g[0]
            if inter and length and inter / length > LENIENT_OVERLAP:
                candidates.append((inter / length, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_g)
