"""The ``document`` dialect: the REST contract of flowback-api.md (the default).

Pages by ``page``, ``limit`` (at most 50) and ``offset``, refusing bad numbers with
``INVALID_PAGINATION``; absolute image URLs; errors with the legacy ``detail`` and the
typed ``errors`` GraphQL returns too.
"""

from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request

from domain.errors import DomainError, ErrorCode
from domain.paging import DEFAULT_LIMIT, Page, PageRequest, parse_int
from domain.user_view import UserView
from rest_facade import responses
from rest_facade.caller import public_base_of
from rest_facade.media import image_url_maker, user_body

INVALID_PAGINATION = ErrorCode.INVALID_PAGINATION

__all__ = ["error_body", "page_request", "user_body", "users_body"]


def page_request(params: QueryParams) -> PageRequest:
    return PageRequest.create(
        page=parse_int(params.get("page"), field="page", code=INVALID_PAGINATION, default=1),
        limit=parse_int(
            params.get("limit"), field="limit", code=INVALID_PAGINATION, default=DEFAULT_LIMIT
        ),
        offset=parse_int(params.get("offset"), field="offset", code=INVALID_PAGINATION, default=0),
    )


def users_body(request: Request, page: Page[UserView]) -> dict[str, Any]:
    base = public_base_of(request)
    image_url = image_url_maker(request, base_url=base)

    def link(exists: bool, number: int) -> str | bool:
        if not exists:
            return False
        url = request.url.include_query_params(page=number)
        return f"{base}{url.path}?{url.query}"

    return {
        "count": page.count,
        "next": link(page.has_next, page.request.page + 1),
        "previous": link(page.has_previous, page.request.page - 1),
        "total_page": page.total_page,
        "data": [
            {
                "id": view.id,
                "username": view.username,
                "profile_image": image_url(view.profile_image),
            }
            for view in page.items
        ],
    }


def error_body(error: DomainError, *, path: str) -> dict[str, Any]:
    """The same body on every path."""
    return responses.error_body(error)
