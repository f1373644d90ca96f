"""Write endpoints (bearer token required): ingest, and entity corrections."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from newsgraph.api.auth import require_token, settings_of
from newsgraph.api.database import Database
from newsgraph.api.errors import ApiError
from newsgraph.api.schemas import (
    ERROR_RESPONSES,
    CorrectionOut,
    IngestIn,
    IngestOut,
    MergeIn,
    RenameIn,
)
from newsgraph.errors import ConfigError, InputError, ModelError
from newsgraph.model import Article

router = APIRouter(prefix="/api", dependencies=[Depends(require_token)], responses=ERROR_RESPONSES)

_INGEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": IngestIn.model_json_schema()},
            "text/plain": {"schema": {"type": "string", "minLength": 1}},
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


def parse_ingest(body: bytes, content_type: str, query: dict[str, str]) -> IngestIn:
    media_type = content_type.split(";")[0].strip().lower()
    try:
        if media_type == "application/json":
            return IngestIn.model_validate_json(body)
        if media_type == "text/plain":
            return IngestIn.model_validate({**query, "text": body.decode("utf-8")})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ApiError(422, "invalid_request", f"{where}: {first['msg']}") from exc
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad_request", "the text is not UTF-8") from exc
    raise ApiError(415, "unsupported_media_type", "send application/json or text/plain")


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
    openapi_extra=_INGEST_BODY, responses={413: ERROR_RESPONSES[400] | {"description": "Body too large"}},
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


RESOLUTION_PENDING = (
    "entity corrections are not available yet: cross-document entity resolution "
    "(newsgraph.resolve) has not landed"
)


def _corrections_unavailable() -> ApiError:
    return ApiError(501, "not_implemented", RESOLUTION_PENDING)


NOT_IMPLEMENTED: dict[int | str, dict[str, Any]] = {
    501: ERROR_RESPONSES[400] | {"description": "Corrections not available yet"}
}


@router.post(
    "/corrections/merge", response_model=CorrectionOut, tags=["corrections"], responses=NOT_IMPLEMENTED
)
def merge_entities(payload: MergeIn) -> CorrectionOut:
    """Merge entities into the first one (recorded as a reversible judgement)."""
    raise _corrections_unavailable()


@router.post(
    "/corrections/rename", response_model=CorrectionOut, tags=["corrections"], responses=NOT_IMPLEMENTED
)
def rename_entity(payload: RenameIn) -> CorrectionOut:
    """Rename an entity (recorded as a reversible judgement)."""
    raise _corrections_unavailable()
