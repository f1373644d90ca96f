"""RSS and Atom feeds, polled incrementally with feedparser: new items only.

What has been read is kept in a small JSON state file, written atomically (temporary
file, then rename), so a watcher can be stopped at any moment and restarted:

* per feed, the ``ETag`` and ``Last-Modified`` of the last response whose items were all
  handled; the next poll sends them back (``If-None-Match``/``If-Modified-Since``) and a
  ``304 Not Modified`` costs nothing;
* per feed, the ids of the items already handled (``<guid>``/``<id>``, else the link),
  the most recent :data:`MAX_SEEN` of them;
* per feed, how many times an item's page failed: it is tried again on the next polls,
  and given up (counted as seen) after :data:`MAX_ATTEMPTS`.

An item is marked seen only after its outcome is known (stored, or failed for good), and
the state is saved after each feed.  A watcher killed in between re-fetches at most the
items of one poll, which the store then reports as unchanged (articles are keyed by their
text and source).  An item's page is fetched with :mod:`newsgraph.ingest.web`; its date is
the page's own publication date, else the item's ``published`` date from the feed.
"""

from __future__ import annotations

import calendar
import json
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import feedparser  # type: ignore[import-untyped]
import httpx

from newsgraph.errors import ConfigError
from newsgraph.ingest.decode import ReadProblem
from newsgraph.ingest.document import Failure, SourceDocument
from newsgraph.ingest.web import FetchOptions, Sleep, fetch, page_document
from newsgraph.model import DateValue, content_id

if TYPE_CHECKING:
    from newsgraph.library import ArticleStore

STATE_VERSION = 1
MAX_SEEN = 10_000  # item ids remembered per feed (a feed lists far fewer at a time)
MAX_ATTEMPTS = 3  # polls on which a failing item's page is tried before giving up
PollStatus = Literal["new", "not-modified", "failed"]


@dataclass(frozen=True, slots=True)
class FeedItem:
    id: str
    link: str | None
    title: str | None
    published: DateValue | None


@dataclass(slots=True)
class FeedPoll:
    """One poll of one feed: its new items and, for each, a document or a failure."""

    url: str
    status: PollStatus
    items: list[FeedItem] = field(default_factory=list)
    documents: list[SourceDocument | Failure] = field(default_factory=list)
    etag: str | None = None
    modified: str | None = None
    problem: str | None = None


@dataclass(slots=True)
class FeedRecord:
    etag: str | None = None
    modified: str | None = None
    seen: dict[str, None] = field(default_factory=dict)  # insertion-ordered set
    attempts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "etag": self.etag, "modified": self.modified, "seen": list(self.seen), "attempts": self.attempts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeedRecord:
        return cls(
            etag=data.get("etag"),
            modified=data.get("modified"),
            seen=dict.fromkeys(str(item) for item in data.get("seen", [])),
            attempts={str(k): int(v) for k, v in data.get("attempts", {}).items()},
        )


class FeedState:
    """What has been read from each feed, kept in a JSON file."""

    def __init__(self, path: Path, feeds: dict[str, FeedRecord] | None = None) -> None:
        self.path = path
        self.feeds = feeds or {}

    @classmethod
    def load(cls, path: str | Path) -> FeedState:
        path = Path(path)
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            feeds = {url: FeedRecord.from_json(record) for url, record in data["feeds"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            problem = f"{type(exc).__name__}: {exc}"
            raise ConfigError(f"{path}: not a newsgraph feed state file ({problem})") from exc
        return cls(path, feeds)

    def save(self) -> None:
        """Write the state atomically: a reader or a crash never sees half a file."""
        data = {"version": STATE_VERSION, "feeds": {url: r.to_json() for url, r in self.feeds.items()}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".feeds-", dir=self.path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=1)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, self.path)

    def record(self, url: str) -> FeedRecord:
        return self.feeds.setdefault(url, FeedRecord())

    def is_seen(self, url: str, item_id: str) -> bool:
        return item_id in self.record(url).seen

    def commit(self, poll: FeedPoll, failed_sources: Iterable[str]) -> None:
        """Mark the poll's items handled, except failed ones still worth another try."""
        record = self.record(poll.url)
        failed = set(failed_sources)
        pending = False
        for item, document in zip(poll.items, poll.documents, strict=True):
            source = document.source
            if source in failed and record.attempts.get(item.id, 0) + 1 < MAX_ATTEMPTS:
                record.attempts[item.id] = record.attempts.get(item.id, 0) + 1
                pending = True
                continue
            record.attempts.pop(item.id, None)
            record.seen[item.id] = None
        _trim(record.seen, MAX_SEEN)
        if poll.status == "new" and not pending:
            record.etag, record.modified = poll.etag, poll.modified


def _trim(seen: dict[str, None], limit: int) -> None:
    for item_id in list(seen)[: max(0, len(seen) - limit)]:
        del seen[item_id]


def poll_feed(
    url: str,
    state: FeedState,
    *,
    client: httpx.Client,
    options: FetchOptions | None = None,
    sleep: Sleep = time.sleep,
) -> FeedPoll:
    """Fetch a feed (conditionally) and the pages of its new items; the state is not changed."""
    options = options or FetchOptions()
    record = state.record(url)
    try:
        fetched = fetch(url, client=client, options=options, headers=_conditional(record), sleep=sleep)
    except ReadProblem as exc:
        return FeedPoll(url, "failed", problem=str(exc))
    if fetched.status == 304:
        return FeedPoll(url, "not-modified")
    try:
        items = parse_feed(fetched.body, url=url)
    except ReadProblem as exc:
        return FeedPoll(url, "failed", problem=str(exc))
    new = [item for item in items if not state.is_seen(url, item.id)]
    documents = [_item_document(url, item, client=client, options=options, sleep=sleep) for item in new]
    return FeedPoll(
        url, "new", new, documents,
        etag=fetched.headers.get("etag"), modified=fetched.headers.get("last-modified"),
    )


def _conditional(record: FeedRecord) -> dict[str, str]:
    headers: dict[str, str] = {}
    if record.etag:
        headers["If-None-Match"] = record.etag
    if record.modified:
        headers["If-Modified-Since"] = record.modified
    return headers


def parse_feed(body: bytes, *, url: str) -> list[FeedItem]:
    """The items of an RSS or Atom document, in feed order; :class:`ReadProblem` if it is none."""
    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = getattr(parsed, "bozo_exception", None) or "no RSS or Atom items"
        raise ReadProblem(f"not a feed ({reason})")
    return [_item(entry, url) for entry in parsed.entries]


def _item(entry: Any, feed_url: str) -> FeedItem:
    link = entry.get("link") or None
    title = entry.get("title") or None
    summary = entry.get("summary", "")
    item_id = entry.get("id") or link or content_id(feed_url, title or "", summary, prefix="h_")
    return FeedItem(id=str(item_id), link=link, title=title, published=_published(entry))


def _published(entry: Any) -> DateValue | None:
    parsed = entry.get("published_parsed")
    if not parsed:
        return None
    day = time.strftime("%Y-%m-%d", time.gmtime(calendar.timegm(parsed)))
    return DateValue.parse(day)


def _item_document(
    feed_url: str, item: FeedItem, *, client: httpx.Client, options: FetchOptions, sleep: Sleep
) -> SourceDocument | Failure:
    if not item.link:
        return Failure(f"{feed_url}#{item.id}", "feed item has no link")
    try:
        fetched = fetch(item.link, client=client, options=options, sleep=sleep)
        document = page_document(
            fetched.body, source=item.link, url=fetched.url,
            content_type=fetched.content_type, charset=fetched.charset,
        )
    except ReadProblem as exc:
        return Failure(item.link, str(exc))
    document.date = document.date or item.published
    document.title = document.title or item.title
    return document


@dataclass(frozen=True, slots=True)
class FeedReport:
    """What one poll of one feed did."""

    url: str
    status: PollStatus
    new: int = 0
    ingested: int = 0
    unchanged: int = 0
    failures: tuple[Failure, ...] = ()

    def __str__(self) -> str:
        if self.status != "new":
            return f"{self.url}: {self.status}"
        return (
            f"{self.url}: {self.new} new, {self.ingested} ingested, {self.unchanged} unchanged, "
            f"{len(self.failures)} failed"
        )


def watch_once(
    urls: Iterable[str],
    state: FeedState,
    store: ArticleStore,
    *,
    client: httpx.Client,
    options: FetchOptions | None = None,
    sleep: Sleep = time.sleep,
    allow_private_addresses: bool = False,
) -> list[FeedReport]:
    """Poll each feed once, analyse and store its new items; save the state after each feed.

    Feeds and item links on addresses that are not public (loopback, private...), or
    redirecting there, are refused, each one failure, unless ``allow_private_addresses``
    (or ``options.allow_private_addresses``)."""
    from newsgraph.library import ingest_documents  # loads spaCy: only when there is work

    options = options or FetchOptions()
    if allow_private_addresses:
        options = replace(options, allow_private_addresses=True)

    reports: list[FeedReport] = []
    for url in urls:
        poll = poll_feed(url, state, client=client, options=options, sleep=sleep)
        if poll.status != "new":
            problems = (Failure(url, poll.problem),) if poll.problem else ()
            reports.append(FeedReport(url, poll.status, failures=problems))
            continue
        summary = ingest_documents(poll.documents, store) if poll.documents else None
        failures = tuple(summary.failures) if summary else ()
        state.commit(poll, (f.source for f in failures))
        state.save()
        reports.append(
            FeedReport(
                url, "new", len(poll.items),
                summary.ingested if summary else 0, summary.unchanged if summary else 0, failures,
            )
        )
    return reports
