"""The REST dialects: one set of handlers and domain calls, rendered two ways.

``FLOWBACK_REST_DIALECT`` picks one for the whole service: ``document`` (flowback-api.md)
or ``flowback-backend`` (the DRF backend the Flowback web app was written for). A dialect
chooses only how paging is read, and the envelopes, URL forms and error bodies written; the
models it renders with are the ones its OpenAPI document declares.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pydantic import BaseModel
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import DomainError
from domain.paging import Page, PageRequest
from domain.user_view import UserView
from rest_facade import document, drf
from rest_facade.app_state import settings_of
from rest_facade.responses import error_response
from web.faults import report


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    description: str
    page_request: Callable[[QueryParams], PageRequest]
    users_body: Callable[[Request, Page[UserView]], dict[str, Any]]
    user_body: Callable[[Request, UserView], dict[str, Any]]
    error_body: Callable[..., dict[str, Any]]  # (error, *, path)
    #: What its OpenAPI document declares: the bodies above and the paging parameters.
    user_model: type[BaseModel]
    user_page_model: type[BaseModel]
    error_model: type[BaseModel]
    paging_model: type[BaseModel]
    bad_users_query: str  # what a 400 of GET /users means


def _dialect(module: ModuleType) -> Dialect:
    """The dialect a module renders: its functions, models and texts by their names."""
    return Dialect(
        name=module.NAME,
        description=module.DESCRIPTION,
        page_request=module.page_request,
        users_body=module.users_body,
        user_body=module.user_body,
        error_body=module.error_body,
        user_model=module.User,
        user_page_model=module.UserPage,
        error_model=module.Error,
        paging_model=module.Paging,
        bad_users_query=module.BAD_USERS_QUERY,
    )


DIALECTS = {dialect.name: dialect for dialect in map(_dialect, (document, drf))}


def dialect_of(request: Request) -> Dialect:
    """The dialect the service speaks (``FLOWBACK_REST_DIALECT``)."""
    return DIALECTS[settings_of(request).rest_dialect]


async def domain_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)  # noqa: S101 - registered for DomainError only
    report(exc)
    body = dialect_of(request).error_body(exc, path=request.url.path)
    return error_response(exc, body=body)
