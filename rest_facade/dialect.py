"""The REST dialects (``FLOWBACK_REST_DIALECT``): one set of handlers rendered two ways; a
dialect chooses only how paging is read and the envelopes, URL forms and error bodies."""

from collections.abc import Mapping
from typing import Any, Protocol

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from domain.errors import DomainError
from domain.paging import Page, PageRequest
from domain.user_view import UserView
from domain.users import JsonPage, UserRow
from rest_facade import backend_dialect, document_dialect
from rest_facade.app_state import settings_of
from web.faults import RestErrors, report, rest_body


class Dialect(Protocol):
    """What a dialect module provides: ``document_dialect`` and ``backend_dialect`` are the
    dialects themselves."""

    NAME: str
    DESCRIPTION: str
    #: What a 400 of ``GET /users`` means.
    BAD_USERS_QUERY: str
    #: The public columns a row of ``GET /users`` shows.
    LISTED_COLUMNS: tuple[str, ...]
    #: How it writes an error's body.
    ERRORS: RestErrors

    def page_request(self, params: Mapping[str, str]) -> PageRequest: ...
    def image_prefix(self, request: Request) -> str | None:
        """What every listed image's URL is before its key, for the database to write the
        rows of ``GET /users`` (``domain.users.list_json``); None to be given rows."""
        ...

    def users_body(self, request: Request, page: Page[UserRow] | JsonPage) -> dict[str, Any]: ...
    def user_body(self, request: Request, view: UserView) -> dict[str, Any]: ...

    # The models its OpenAPI document declares for the bodies above and the paging
    # parameters, under the class names the document shows.
    @property
    def User(self) -> type[BaseModel]: ...
    @property
    def UserPage(self) -> type[BaseModel]: ...
    @property
    def Error(self) -> type[BaseModel]: ...
    @property
    def Paging(self) -> type[BaseModel]: ...


DIALECTS: dict[str, Dialect] = {
    document_dialect.NAME: document_dialect,
    backend_dialect.NAME: backend_dialect,
}


def dialect_of(request: Request) -> Dialect:
    return DIALECTS[settings_of(request).rest_dialect]


async def domain_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)  # noqa: S101 - registered for DomainError only
    """A domain error as the dialect's body, with the status and headers of its
    classification (``web.faults``), the same in every dialect."""
    fault = report(exc)
    body = rest_body(fault, dialect=dialect_of(request).ERRORS, path=request.url.path)
    return JSONResponse(body, status_code=fault.status, headers=fault.headers)
