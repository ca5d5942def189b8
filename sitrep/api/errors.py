"""The API's one error shape and the one place exceptions become it.

Every error the API sends, from a bad filter to an unknown route to a crash, is
``{"error": {"status": 404, "code": "not_found", "message": "…"}}``, so a client needs one
branch to handle them all. :data:`ERROR_STATUS` says which library error is which HTTP status.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep.errors import (
    ArticleNotFoundError,
    EventNotFoundError,
    ExportError,
    InputError,
    QueryError,
    SchemaOutOfDateError,
    SitrepError,
    StoreError,
)

__all__ = [
    "ERROR_STATUS",
    "ApiError",
    "ErrorBody",
    "ErrorResponse",
    "error_response",
    "install_error_handlers",
]

logger = logging.getLogger(__name__)


class ApiError(SitrepError):
    """An HTTP-level refusal (authentication, size, switched-off writes) with its status."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


ERROR_STATUS: dict[type[SitrepError], int] = {
    EventNotFoundError: 404,
    ArticleNotFoundError: 404,
    QueryError: 400,
    InputError: 422,
    SchemaOutOfDateError: 503,
    StoreError: 503,
    ExportError: 500,
}
"""Library errors by HTTP status; the most specific class listed wins, anything else is 500."""


class ErrorBody(BaseModel):
    """What went wrong: the HTTP status, its name in snake case, and what to do about it."""

    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorBody


def error_response(
    status: int, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The error shape for ``status``; ``code`` is the status phrase, e.g. ``not_found``."""
    code = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    body = ErrorResponse(error=ErrorBody(status=status, code=code, message=message))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _status_of(exc: SitrepError) -> int:
    if isinstance(exc, ApiError):
        return exc.status
    for cls in type(exc).__mro__:
        if cls in ERROR_STATUS:
            return ERROR_STATUS[cls]
    return 500


def _validation_message(errors: list[dict[str, object]]) -> str:
    parts = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) or ()]  # type: ignore[attr-defined]
        where = f"{location[0]} {'.'.join(location[1:])}".strip() if location else "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Map every exception the app can meet to :func:`error_response`."""

    async def sitrep_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, SitrepError)
        status = _status_of(exc)
        if status >= 500:
            logger.error("request failed: %s", exc)
        headers = exc.headers if isinstance(exc, ApiError) else None
        return error_response(status, str(exc), headers)

    async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError | ValidationError)
        return error_response(422, _validation_message(list(exc.errors())))  # type: ignore[arg-type]

    async def http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return error_response(exc.status_code, str(exc.detail), dict(exc.headers or {}))

    async def database_down(_request: Request, exc: Exception) -> JSONResponse:
        logger.error("database error: %s", exc)
        return error_response(503, "the database is unavailable; try again later")

    async def crash(_request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error", exc_info=exc)
        return error_response(500, "internal error; the server log has the details")

    app.add_exception_handler(SitrepError, sitrep_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(ValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(OperationalError, database_down)
    app.add_exception_handler(Exception, crash)
