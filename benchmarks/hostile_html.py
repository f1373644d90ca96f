"""Hostile HTML pages (issue #16): seconds to read each, or to refuse it.

    .venv/bin/python benchmarks/hostile_html.py
    .venv/bin/python benchmarks/hostile_html.py --attributes 100000 --tags 300000

Generates, in memory, an ordinary article page with one element carrying ``--attributes``
attributes (``data-a12345="x"``: 1.4 MB for 100,000, the review's page), a page of
``--tags`` tags, and, for comparison, an ordinary page of about ``--ordinary-mb`` MB (many
paragraphs, links and classes), and times ``newsgraph.ingest.html.read_html`` on each
(the reader of HTML files, URLs, feed items and WARC records), and the parse-work check
alone (``check_parse_work``) on the ordinary page.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from newsgraph.ingest.decode import ReadProblem
from newsgraph.ingest.html import read_html

PARAGRAPH = "Le conseil municipal a voté le budget mardi soir, après trois heures de débat. " * 4


def article(inside: str) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Budget</title></head><body>"
        f"<article><h1>Budget</h1><p>{PARAGRAPH}</p>{inside}</article></body></html>"
    )


def many_attributes(count: int) -> str:
    attributes = " ".join(f'data-a{i}="x"' for i in range(count))
    return article(f"<div {attributes}>x</div>")


def many_tags(count: int) -> str:
    return article("<b>x</b>" * (count // 2))


def ordinary(megabytes: float) -> str:
    block = (
        '<div class="story-body__inner" data-component="text-block"><p class="paragraph">'
        f'{PARAGRAPH}<a href="https://news.example/2024/01/15/budget-{{i}}" rel="nofollow">suite</a>'
        "</p></div>"
    )
    count = int(megabytes * 1e6 / len(block))
    return article("".join(block.replace("{i}", str(i)) for i in range(count)))


def timed(name: str, html: str, read: Callable[[str], object] = read_html) -> None:
    start = time.perf_counter()
    try:
        read(html)
        outcome = "read"
    except ReadProblem as exc:
        outcome = f"refused: {exc}"
    print(f"{name:<28} {len(html) / 1e6:5.2f} MB  {time.perf_counter() - start:8.3f} s  {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--attributes", type=int, default=100_000)
    parser.add_argument("--tags", type=int, default=300_000)
    parser.add_argument("--ordinary-mb", type=float, default=5.0)
    args = parser.parse_args()
    timed(f"{args.attributes:,} attributes", many_attributes(args.attributes))
    timed(f"{args.tags:,} tags", many_tags(args.tags))
    page = ordinary(args.ordinary_mb)
    timed("ordinary page", page)
    try:
        from newsgraph.ingest.html import check_parse_work
    except ImportError:  # before issue #16's bound
        return
    timed("ordinary page, check only", page, check_parse_work)


if __name__ == "__main__":
    main()
