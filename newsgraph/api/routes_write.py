"""Write endpoints (bearer token required): ingest, and entity corrections."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from newsgraph.api.auth import require_token, settings_of
from newsgraph.api.database import Database, corpus_candidates
from newsgraph.api.errors import ApiError
from newsgraph.api.routes_read import DATE_PATTERN
from newsgraph.api.schemas import (
    ERROR_RESPONSES,
    CorrectionOut,
    EntityRef,
    IngestIn,
    IngestOut,
    MergeIn,
    QuoteCorrectionIn,
    QuoteCorrectionOut,
    QuoteOut,
    RenameIn,
    ResolvedEntityOut,
    SpeakerFixIn,
    UndoIn,
)
from newsgraph.errors import ConfigError, InputError, ModelError
from newsgraph.model import Article
from newsgraph.names import name_key
from newsgraph.resolve import run
from newsgraph.store import CorpusEntityRecord, Store

# The token is checked (a dependency) before any body is read: no route of this router
# declares a body parameter, which FastAPI would read and parse before the dependencies;
# each reads its body itself, through read_limited_body (413 past its limit).
router = APIRouter(prefix="/api", dependencies=[Depends(require_token)], responses=ERROR_RESPONSES)

MAX_CORRECTION_BYTES = 64 * 1024  # a correction body: a few names and a note
_TOO_LARGE: dict[int | str, dict[str, Any]] = {413: ERROR_RESPONSES[400] | {"description": "Body too large"}}
Payload = TypeVar("Payload", bound=BaseModel)


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with its nested models written in place (no ``$defs``),
    for a request body declared in ``openapi_extra``."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            reference = node.get("$ref")
            if isinstance(reference, str) and reference.startswith("#/$defs/"):
                return inline(definitions[reference.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    inlined: dict[str, Any] = inline(schema)
    return inlined


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` declaring a required JSON body of ``model``."""
    return {
        "requestBody": {"required": True, "content": {"application/json": {"schema": inline_schema(model)}}}
    }

def _ingest_schema() -> dict[str, Any]:
    """``IngestIn``'s schema, its ``date`` with the pattern of the dates it accepts (the
    model checks them when the article is built, answering 400)."""
    schema = IngestIn.model_json_schema()
    for option in schema["properties"]["date"]["anyOf"]:
        if option.get("type") == "string":
            option["pattern"] = DATE_PATTERN
    return schema


_INGEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _ingest_schema()},
            "text/plain": {"schema": {"type": "string", "minLength": 1, "pattern": r"\S"}},
        },
    }
}


async def read_limited_body(request: Request, max_bytes: int) -> bytes:
    """The request body, refused with 413 as soon as it exceeds ``max_bytes``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise ApiError(413, "payload_too_large", f"the body exceeds {max_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise ApiError(413, "payload_too_large", f"the body exceeds {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _invalid(exc: ValidationError) -> ApiError:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return ApiError(422, "invalid_request", f"{where}: {first['msg']}" if where else first["msg"])


def parse_ingest(body: bytes, content_type: str, query: dict[str, str]) -> IngestIn:
    media_type = content_type.split(";")[0].strip().lower()
    try:
        if media_type == "application/json":
            return IngestIn.model_validate_json(body)
        if media_type == "text/plain":
            return IngestIn.model_validate({**query, "text": body.decode("utf-8")})
    except ValidationError as exc:
        raise _invalid(exc) from exc
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad_request", "the text is not UTF-8") from exc
    raise ApiError(415, "unsupported_media_type", "send application/json or text/plain")


async def read_json(request: Request, model: type[Payload], *, max_bytes: int) -> Payload:
    """The JSON body as ``model``: 413 past ``max_bytes``, 415 when it is not JSON, 422 when
    it does not validate.  Called after the token check."""
    media_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "send application/json")
    body = await read_limited_body(request, max_bytes)
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise _invalid(exc) from exc


def analyse(payload: IngestIn) -> Article:
    from newsgraph.library import extract

    try:
        return extract(
            payload.text, date=payload.date, lang=payload.lang, source=payload.source or "<api>",
            title=payload.title, url=payload.url, outlet=payload.outlet,
        )
    except (InputError, ModelError) as exc:
        raise ApiError(400, "bad_request", str(exc)) from exc
    except ConfigError as exc:
        raise ApiError(503, "unavailable", f"extraction is not available: {exc}") from exc


@router.post(
    "/articles", response_model=IngestOut, status_code=201, tags=["articles"],
    openapi_extra=_INGEST_BODY, responses=_TOO_LARGE,
)
async def ingest(request: Request) -> IngestOut:
    """Analyse one article (JSON ``{text, date?, lang?, source?, title?, url?, outlet?}``, or
    the text itself as text/plain with the other fields as query parameters) and store it."""
    settings = settings_of(request)
    body = await read_limited_body(request, settings.max_ingest_bytes)
    query = {key: value for key, value in request.query_params.items() if key in IngestIn.model_fields}
    payload = parse_ingest(body, request.headers.get("content-type", ""), query)
    article = await run_in_threadpool(analyse, payload)
    database = request.app.state.database
    assert isinstance(database, Database)
    result = await run_in_threadpool(database.store.save, [article])
    status: Literal["ingested", "updated", "unchanged"] = (
        "ingested" if result.ingested else "updated" if result.updated else "unchanged"
    )
    return IngestOut(
        id=article.id, status=status, entities=len(article.entities),
        quotes=len(article.quotes), events=len(article.events),
    )


# --- corrections ----------------------------------------------------------------------------
# The UI and API name entities ``TYPE:name`` (an in-article name); corrections act on the
# corpus entity (``newsgraph.resolve``) that name belongs to, designated to the resolve
# functions by its id.

CORRECTION_AUTHOR = "api"

CORRECTION_ERRORS: dict[int | str, dict[str, Any]] = {
    404: ERROR_RESPONSES[400] | {"description": "Unknown entity or judgement"},
    **_TOO_LARGE,
}


def _store(request: Request) -> Store:
    database = request.app.state.database
    assert isinstance(database, Database)
    return database.store


def corpus_entity_of(store: Store, ref: EntityRef) -> CorpusEntityRecord:
    """The corpus entity an API entity reference (type and name) belongs to: 404 when none,
    422 when the name designates several."""
    found = corpus_candidates(store, ref.type, ref.name)
    if not found:
        raise ApiError(404, "not_found", f"no entity {ref.type} {ref.name!r}")
    if len(found) > 1 and name_key(found[0].name) == name_key(found[1].name):
        listing = "; ".join(f"{e.id} {e.name}" for e in found)
        raise ApiError(422, "invalid_request", f"{ref.type} {ref.name!r} is ambiguous: {listing}")
    return found[0]


def _merge(store: Store, payload: MergeIn) -> CorrectionOut:
    """Every reference is checked before anything is recorded; the judgements and the new
    resolution are one transaction; a merge already made answers its judgement again (a
    retry records nothing); the first entity keeps its name and type."""
    kept = corpus_entity_of(store, payload.entities[0])
    others = [_merged_entity(store, kept, ref) for ref in payload.entities[1:]]
    try:
        judgements = run.merge_records(
            store, kept, [(ref.name, other) for ref, other in zip(payload.entities[1:], others, strict=True)],
            author=CORRECTION_AUTHOR, note=payload.note,
        )
    except run.ResolveError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from exc
    result = store.corpus_entity(kept.id) or corpus_entity_of(store, payload.entities[0])
    merged = ", ".join(other.name for other in others)
    return CorrectionOut(
        judgement=str(judgements[-1]), judgements=judgements, entity=ResolvedEntityOut.of(result),
        message=f"merged {merged} into {result.name}",
    )


def _merged_entity(store: Store, kept: CorpusEntityRecord, ref: EntityRef) -> CorpusEntityRecord:
    """The entity ``ref`` designates; once merged into ``kept`` (whose type may differ, as
    on a retry), ``kept`` itself."""
    try:
        return corpus_entity_of(store, ref)
    except ApiError as exc:
        if exc.status == 404 and any(e.id == kept.id for e in store.find_corpus_entities(ref.name)):
            return kept
        raise


def _rename(store: Store, payload: RenameIn) -> CorrectionOut:
    target = corpus_entity_of(store, payload.entity)
    try:
        judgement = run.rename(
            store, target.id, payload.new_name, author=CORRECTION_AUTHOR, note=payload.note
        )
    except run.ResolveError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from exc
    renamed = corpus_entity_of(store, EntityRef(type=payload.entity.type, name=payload.new_name.strip()))
    return CorrectionOut(
        judgement=str(judgement), judgements=[judgement], entity=ResolvedEntityOut.of(renamed),
        message=f"renamed {target.name} to {renamed.name}",
    )


def _undo(store: Store, payload: UndoIn) -> CorrectionOut:
    if payload.judgement not in {j.id for j in store.judgements()}:
        raise ApiError(404, "not_found", f"no judgement {payload.judgement}")
    try:
        judgement = run.undo(store, payload.judgement, author=CORRECTION_AUTHOR, note=payload.note)
    except run.ResolveError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from exc
    return CorrectionOut(
        judgement=str(judgement), judgements=[judgement], entity=None,
        message=f"judgement {payload.judgement} undone",
    )


@router.post(
    "/corrections/merge", response_model=CorrectionOut, tags=["corrections"], responses=CORRECTION_ERRORS,
    openapi_extra=json_body(MergeIn),
)
async def merge_entities(request: Request) -> CorrectionOut:
    """Merge entities into the first one (recorded as a reversible judgement, then the
    store is resolved again).  Body: ``{entities: [{type, name}, …], note?}``."""
    payload = await read_json(request, MergeIn, max_bytes=MAX_CORRECTION_BYTES)
    return await run_in_threadpool(_merge, _store(request), payload)


@router.post(
    "/corrections/rename", response_model=CorrectionOut, tags=["corrections"], responses=CORRECTION_ERRORS,
    openapi_extra=json_body(RenameIn),
)
async def rename_entity(request: Request) -> CorrectionOut:
    """Rename an entity (recorded as a reversible judgement, then the store is resolved
    again).  Body: ``{entity: {type, name}, new_name, note?}``."""
    payload = await read_json(request, RenameIn, max_bytes=MAX_CORRECTION_BYTES)
    return await run_in_threadpool(_rename, _store(request), payload)


@router.post(
    "/corrections/undo", response_model=CorrectionOut, tags=["corrections"], responses=CORRECTION_ERRORS,
    openapi_extra=json_body(UndoIn),
)
async def undo_correction(request: Request) -> CorrectionOut:
    """Reverse a judgement (undoing an undo restores it), then resolve the store again.
    Body: ``{judgement, note?}``."""
    payload = await read_json(request, UndoIn, max_bytes=MAX_CORRECTION_BYTES)
    return await run_in_threadpool(_undo, _store(request), payload)


# --- quote corrections ------------------------------------------------------------------------
# Quote judgements (newsgraph.store.quote_judgements): applied to the quote at once, kept
# across re-analyses of the article, reversible; their own ids (not entity judgements').


def _correct_quote(store: Store, body: QuoteCorrectionIn) -> QuoteCorrectionOut:
    payload = body.root
    speaker = payload.speaker if isinstance(payload, SpeakerFixIn) else None
    try:
        judgement = store.judge_quote(
            payload.article, payload.quote, action=payload.action, speaker=speaker,
            author=CORRECTION_AUTHOR, note=payload.note,
        )
    except KeyError as exc:
        message = f"no quote {payload.quote!r} in article {payload.article!r}"
        raise ApiError(404, "not_found", message) from exc
    article = store.get_article(payload.article)
    quote = next((q for q in article.quotes if q.id == payload.quote), None) if article else None
    said = f"said by {speaker}" if speaker is not None else "not a quote"
    return QuoteCorrectionOut(
        judgement=judgement, quote=QuoteOut.of(quote) if quote is not None else None,
        message=f"quote {payload.quote} {said}",
    )


def _undo_quote(store: Store, payload: UndoIn) -> QuoteCorrectionOut:
    try:
        judgement = store.undo_quote_judgement(payload.judgement, author=CORRECTION_AUTHOR, note=payload.note)
    except KeyError as exc:
        raise ApiError(404, "not_found", f"no quote judgement {payload.judgement}") from exc
    message = f"quote judgement {payload.judgement} undone"
    return QuoteCorrectionOut(judgement=judgement, quote=None, message=message)


@router.post(
    "/corrections/quote", response_model=QuoteCorrectionOut, tags=["corrections"],
    responses=CORRECTION_ERRORS, openapi_extra=json_body(QuoteCorrectionIn),
)
async def correct_quote(request: Request) -> QuoteCorrectionOut:
    """Fix a quote's speaker or judge it not a quote (recorded as a reversible quote
    judgement, applied again whenever the article is re-analysed).  Body: ``{article,
    quote, action: "speaker" | "not_quote", speaker?, note?}``; a correction already made
    answers its judgement again."""
    payload = await read_json(request, QuoteCorrectionIn, max_bytes=MAX_CORRECTION_BYTES)
    return await run_in_threadpool(_correct_quote, _store(request), payload)


@router.post(
    "/corrections/quote/undo", response_model=QuoteCorrectionOut, tags=["corrections"],
    responses=CORRECTION_ERRORS, openapi_extra=json_body(UndoIn),
)
async def undo_quote_correction(request: Request) -> QuoteCorrectionOut:
    """Reverse a quote judgement (undoing an undo restores it).  Body: ``{judgement, note?}``."""
    payload = await read_json(request, UndoIn, max_bytes=MAX_CORRECTION_BYTES)
    return await run_in_threadpool(_undo_quote, _store(request), payload)
