"""Web pages to documents: fetch a URL with httpx, extract the article with trafilatura.

Fetching is polite and bounded: a User-Agent that says what is asking, a timeout on
every phase, a size limit checked while streaming (``Settings.max_bytes``), and a few
retries with exponential backoff on transient problems (connection errors, timeouts,
HTTP 429 and 5xx, honouring a short ``Retry-After``).  Nothing raises for a bad page:
:func:`read_url` yields a :class:`Failure` naming the URL and the problem.

Only public addresses are fetched unless ``allow_private_addresses``: every URL, the
first one and each redirect (followed here, one hop at a time), has its host resolved
and is refused when any of its addresses is private, loopback, link-local, multicast,
reserved or unspecified (``http://localhost/``, ``http://2130706433/``, a feed item
linking to ``http://10.0.0.1/`` or redirecting there), so that a feed or a URL list
cannot make newsgraph read internal services and store their pages.
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import httpx

from newsgraph.config import get_settings
from newsgraph.ingest.decode import ReadProblem, decode_bytes, decode_html_bytes, normalise_newlines, too_big
from newsgraph.ingest.document import Failure, SourceDocument
from newsgraph.model import DateValue

USER_AGENT = "newsgraph/0.1 (news article reader; +https://newsgraph.invalid/bot)"
DEFAULT_TIMEOUT = 20.0  # seconds, for connecting, reading, writing and waiting for the pool
DEFAULT_RETRIES = 3  # attempts after the first one
DEFAULT_BACKOFF = 1.0  # seconds before the first retry; doubled for each further one
MAX_RETRY_AFTER = 60.0  # a longer Retry-After is not waited for: the fetch fails
MAX_REDIRECTS = 10
RETRY_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})
HTML_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml")
TEXT_TYPES: tuple[str, ...] = ("text/plain",)
URL_SCHEMES: tuple[str, ...] = ("http://", "https://")

REDIRECT_STATUSES: frozenset[int] = frozenset({301, 302, 303, 307, 308})
PRIVATE_OPTION = "--allow-private-addresses"

Sleep = Callable[[float], None]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses a connection to it may reach (socket.getaddrinfo by default)
Resolver = Callable[[str, int], Sequence[str]]


class FetchProblem(ReadProblem):
    """A URL could not be fetched; ``retryable`` when trying again later may work."""

    def __init__(self, message: str, *, retryable: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class FetchOptions:
    max_bytes: int = field(default_factory=lambda: get_settings().max_bytes)
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    user_agent: str = USER_AGENT
    # Fetch private, loopback, link-local... addresses too (an intranet, a local test server).
    allow_private_addresses: bool = False
    # (address, port) pairs fetched although not public (one trusted intranet server).
    allowed_endpoints: frozenset[tuple[str, int]] = frozenset()
    resolver: Resolver | None = None  # None: the system's (socket.getaddrinfo)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched resource: the final URL (after redirects), status, headers and body."""

    url: str
    status: int
    content_type: str  # media type only, lower case ("text/html")
    charset: str | None
    body: bytes
    headers: dict[str, str]


def is_url(argument: str) -> bool:
    """True for ``http://…`` and ``https://…`` arguments (what :func:`read_url` reads)."""
    return argument.lower().startswith(URL_SCHEMES)


def make_client(options: FetchOptions | None = None) -> httpx.Client:
    """An httpx client with newsgraph's User-Agent and timeouts.

    Redirects are not followed by the client: :func:`fetch` follows them itself, checking
    each target's address (whatever client it is given)."""
    options = options or FetchOptions()
    return httpx.Client(
        headers={"User-Agent": options.user_agent},
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=False,
    )


# Addresses


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (numeric forms such as ``2130706433`` included)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def address_kind(address: IPAddress) -> str | None:
    """Why ``address`` is not a public one (``"loopback"``, ``"private"``...), else None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address_kind(address.ipv4_mapped)
    for kind, flag in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if flag:
            return kind
    return None if address.is_global else "non-public"


def check_address(url: str, options: FetchOptions) -> None:
    """:class:`FetchProblem` when ``url`` is not http(s) or its host resolves to an
    address that is not public (and ``options`` do not allow it)."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchProblem(f"invalid URL: {exc}") from exc
    if parsed.scheme not in ("http", "https"):
        raise FetchProblem(f"refused: {url} is not an http(s) URL")
    if options.allow_private_addresses:
        return
    host = parsed.host
    if not host:
        raise FetchProblem(f"invalid URL: {url} has no host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    resolver = options.resolver or system_resolver
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        again = isinstance(exc, socket.gaierror) and exc.errno == socket.EAI_AGAIN
        raise FetchProblem(f"cannot resolve {host} ({exc})", retryable=again) from exc
    if not addresses:
        raise FetchProblem(f"cannot resolve {host} (no address)")
    for raw in addresses:
        address = ipaddress.ip_address(raw.split("%", 1)[0])  # an IPv6 zone is no part of it
        kind = address_kind(address)
        if kind is None or (str(address), port) in options.allowed_endpoints:
            continue
        named = f"{host} is" if host == str(address) else f"{host} resolves to {address},"
        raise FetchProblem(
            f"refused: {named} a {kind} address (fetched only with {PRIVATE_OPTION}, "
            "allow_private_addresses=True in Python)"
        )


def fetch(
    url: str,
    *,
    client: httpx.Client,
    options: FetchOptions | None = None,
    headers: dict[str, str] | None = None,
    sleep: Sleep = time.sleep,
) -> Fetched:
    """GET ``url`` with retries and backoff; :class:`FetchProblem` when it cannot be had.

    A 304 (Not Modified, for conditional ``headers``) is returned, not raised.
    """
    options = options or FetchOptions()
    attempt = 0
    while True:
        try:
            return _fetch_once(url, client=client, options=options, headers=headers or {})
        except FetchProblem as problem:
            if not problem.retryable or attempt >= options.retries:
                raise
            sleep(_delay(problem, attempt, options.backoff))
            attempt += 1


def _delay(problem: FetchProblem, attempt: int, backoff: float) -> float:
    exponential: float = backoff * float(2**attempt)
    return max(exponential, problem.retry_after or 0.0)


def _fetch_once(url: str, *, client: httpx.Client, options: FetchOptions, headers: dict[str, str]) -> Fetched:
    check_address(url, options)
    try:
        request = client.build_request("GET", url, headers=headers)
        for _hop in range(MAX_REDIRECTS + 1):
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                following = response.next_request
                if response.status_code in REDIRECT_STATUSES and following is not None:
                    _check_redirect(str(following.url), options)
                    request = following
                    continue
                _check_status(response)
                body = b"" if response.status_code == 304 else _bounded_body(response, options.max_bytes)
                return _fetched(response, body)
            finally:
                response.close()
        raise FetchProblem(f"more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException as exc:
        raise FetchProblem(f"timed out ({type(exc).__name__})", retryable=True) from exc
    except httpx.TransportError as exc:
        raise FetchProblem(f"cannot connect: {exc or type(exc).__name__}", retryable=True) from exc
    except httpx.InvalidURL as exc:
        raise FetchProblem(f"invalid URL: {exc}") from exc
    except httpx.HTTPError as exc:  # decoding and protocol problems: the page is broken
        raise FetchProblem(f"cannot read the response: {type(exc).__name__}: {exc}") from exc


def _check_redirect(target: str, options: FetchOptions) -> None:
    try:
        check_address(target, options)
    except FetchProblem as problem:
        raise FetchProblem(
            f"redirected to {target}: {problem}", retryable=problem.retryable, retry_after=problem.retry_after
        ) from problem


def _check_status(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400 or status == 304:
        return
    reason = f"HTTP {status} {response.reason_phrase}".rstrip()
    if status in RETRY_STATUSES:
        retry_after = _retry_after(response.headers.get("Retry-After"))
        if retry_after is not None and retry_after > MAX_RETRY_AFTER:
            raise FetchProblem(f"{reason} (Retry-After {retry_after:.0f} s is too long)")
        raise FetchProblem(reason, retryable=True, retry_after=retry_after)
    raise FetchProblem(reason)


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _bounded_body(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchProblem(too_big("page", int(declared), max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchProblem(too_big("page", None, max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _fetched(response: httpx.Response, body: bytes) -> Fetched:
    media_type, charset = parse_content_type(response.headers.get("Content-Type"))
    return Fetched(
        url=str(response.url),
        status=response.status_code,
        content_type=media_type,
        charset=charset,
        body=body,
        headers=dict(response.headers),
    )


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """``text/html; charset=ISO-8859-1`` -> ``("text/html", "ISO-8859-1")``."""
    if not value:
        return "", None
    media_type, _, rest = value.partition(";")
    charset = None
    for parameter in rest.split(";"):
        name, _, raw = parameter.partition("=")
        if name.strip().lower() == "charset" and raw.strip():
            charset = raw.strip().strip("\"'")
    return media_type.strip().lower(), charset


# Pages to documents


def page_document(
    body: bytes,
    *,
    source: str,
    url: str,
    content_type: str,
    charset: str | None,
    date: DateValue | None = None,
    lang: str | None = None,
) -> SourceDocument:
    """A fetched HTML or plain-text body as a document; :class:`ReadProblem` otherwise.

    ``date`` overrides the page's own date (as ``--date`` does for files).
    """
    if content_type and not content_type.startswith(HTML_TYPES + TEXT_TYPES):
        raise ReadProblem(f"not an HTML page (content type {content_type})")
    if content_type.startswith(TEXT_TYPES):
        decoded = decode_bytes(body, declared=charset)
        text = normalise_newlines(decoded.text).strip()
        notes = [decoded.note] if decoded.note else []
        return SourceDocument(source=source, text=text, url=url, date=date, lang=lang, notes=notes)
    return _html_page_document(body, source=source, url=url, charset=charset, date=date, lang=lang)


def _html_page_document(
    body: bytes, *, source: str, url: str, charset: str | None, date: DateValue | None, lang: str | None
) -> SourceDocument:
    from newsgraph.ingest.html import read_html  # trafilatura is slow to import: only if needed

    decoded = decode_bytes(body, declared=charset) if charset else decode_html_bytes(body)
    article = read_html(normalise_newlines(decoded.text), base_url=url)
    return SourceDocument(
        source=source,
        text=article.body,
        date=date or article.date,
        title=article.title,
        url=article.url or url,
        outlet=article.outlet,
        author=article.author,
        lang=lang,
        notes=[decoded.note] if decoded.note else [],
    )


def read_url(
    url: str,
    *,
    date: DateValue | None = None,
    lang: str | None = None,
    max_bytes: int | None = None,
    client: httpx.Client | None = None,
    options: FetchOptions | None = None,
    sleep: Sleep = time.sleep,
    allow_private_addresses: bool = False,
) -> Iterator[SourceDocument | Failure]:
    """Fetch one page and yield its document, or one :class:`Failure` naming the URL.

    The document's ``source`` is the URL as given; its ``url`` the page's canonical URL
    when it declares one, else the URL reached after redirects.  A URL, or a redirect,
    to an address that is not public is refused (a Failure) unless
    ``allow_private_addresses`` (or ``options.allow_private_addresses``).
    """
    if options is None:
        options = FetchOptions() if max_bytes is None else FetchOptions(max_bytes=max_bytes)
    if allow_private_addresses:
        options = replace(options, allow_private_addresses=True)
    owned = client is None
    http = client or make_client(options)
    try:
        fetched = fetch(url, client=http, options=options, sleep=sleep)
        yield page_document(
            fetched.body, source=url, url=fetched.url, content_type=fetched.content_type,
            charset=fetched.charset, date=date, lang=lang,
        )
    except ReadProblem as exc:
        yield Failure(url, str(exc))
    finally:
        if owned:
            http.close()
