"""The REST dialects: one set of handlers and domain calls, rendered two ways.

``FLOWBACK_REST_DIALECT`` picks one for the whole service: ``document`` (flowback-api.md)
or ``flowback-backend`` (the DRF backend the Flowback web app was written for). A dialect
chooses only how paging is read, and the envelopes, URL forms and error bodies written; the
models it renders with are the ones its OpenAPI document declares.
"""

from typing import Any, Protocol

from pydantic import BaseModel
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import DomainError
from domain.paging import Page, PageRequest
from domain.user_view import UserView
from domain.users import UserRow
from rest_facade import document, drf
from rest_facade.app_state import settings_of
from rest_facade.responses import error_response
from web.faults import report


class Dialect(Protocol):
    """What a dialect module provides: ``document`` and ``drf`` are the dialects themselves."""

    NAME: str
    DESCRIPTION: str
    #: What a 400 of ``GET /users`` means.
    BAD_USERS_QUERY: str
    #: The public columns a row of ``GET /users`` shows.
    LISTED_COLUMNS: tuple[str, ...]

    def page_request(self, params: QueryParams) -> PageRequest: ...
    def users_body(self, request: Request, page: Page[UserRow]) -> dict[str, Any]: ...
    def user_body(self, request: Request, view: UserView) -> dict[str, Any]: ...
    def error_body(self, error: DomainError, *, path: str) -> dict[str, Any]: ...

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


DIALECTS: dict[str, Dialect] = {document.NAME: document, drf.NAME: drf}


def dialect_of(request: Request) -> Dialect:
    """The dialect the service speaks (``FLOWBACK_REST_DIALECT``)."""
    return DIALECTS[settings_of(request).rest_dialect]


async def domain_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)  # noqa: S101 - registered for DomainError only
    report(exc)
    body = dialect_of(request).error_body(exc, path=request.url.path)
    return error_response(exc, body=body)
