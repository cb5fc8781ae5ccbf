"""The Strawberry ASGI view: builds each request's context from the shared services.

Transport errors are answered in the REST facade's error shape (``detail`` and ``errors``):
a body that is neither JSON nor multipart is 415 ``UNSUPPORTED_MEDIA_TYPE``, unreadable JSON
or a batch (a JSON array of operations) is 400 ``MALFORMED_BODY``. Strawberry itself refuses
mutations over GET (400).

Multipart (the GraphQL multipart request spec) carries the images of ``updateUser``. A
cross-site form can send multipart without a CORS preflight but cannot set
``Authorization``, so multipart without that header is 400 ``MALFORMED_BODY``: no
cross-site request reaches an operation this way.
"""

import json
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.asgi import GraphQL
from strawberry.http.types import HTTPMethod
from strawberry.schema.base import BaseSchema
from strawberry.types.unset import UNSET

from domain.errors import DomainError, ErrorCode
from domain.services import Services
from explore.pages import graphiql_html
from schema import schema
from schema.context import Context
from web.forwarded import client_ip, public_base_url

BATCHING_REFUSED = "Batching is not supported: send one operation per request."
ANONYMOUS_MULTIPART_REFUSAL = "Multipart requests need an Authorization header."
MULTIPART = "multipart/form-data"
_JSON_TYPES = ("application/json", "application/graphql-response+json")


class GraphQLView(GraphQL[Context, None]):
    def __init__(self, services: Services, *, app_schema: BaseSchema | None = None) -> None:
        """Serve ``app_schema`` (default: the plain module schema) for ``services``.

        GraphiQL is for developers; production answers GET /graphql with 404.
        """
        production = services.settings.env == "production"
        super().__init__(
            app_schema or schema,
            graphql_ide=None if production else "graphiql",
            multipart_uploads_enabled=True,
        )
        self.services = services

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our own GraphiQL page, served from vendored files (works offline)."""
        return HTMLResponse(graphiql_html())

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """Run the operation, then close the files of a multipart request (Strawberry
        parses the form but never closes it)."""
        try:
            return await super().run(request, context, root_value)
        finally:
            if isinstance(request, Request):
                await request.close()

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        return Context(
            services=self.services,
            authorization=request.headers.get("authorization"),
            client_ip=client_ip(request),
            response=response,
            base_url=public_base_url(request, self.services.settings.public_url),
        )

    async def parse_http_body(self, request: Any) -> Any:
        method: HTTPMethod = request.method
        if method == "POST":
            content_type = (request.content_type or "").split(";")[0].strip().lower()
            if content_type == MULTIPART:
                if not request.headers.get("authorization", "").strip():
                    raise DomainError.single(ErrorCode.MALFORMED_BODY, ANONYMOUS_MULTIPART_REFUSAL)
            elif content_type not in _JSON_TYPES:
                raise DomainError.single(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    f"Unsupported media type '{content_type}' in request; send application/json "
                    "(or multipart/form-data with files).",
                )
        return await super().parse_http_body(request)

    def parse_json(self, data: str | bytes) -> Any:
        try:
            parsed = self.decode_json(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise DomainError.single(
                ErrorCode.MALFORMED_BODY, f"JSON parse error - {error}"
            ) from None
        if isinstance(parsed, list):
            raise DomainError.single(ErrorCode.MALFORMED_BODY, BATCHING_REFUSED)
        if not isinstance(parsed, dict):
            raise DomainError.single(ErrorCode.MALFORMED_BODY, "Expected a JSON object.")
        return parsed

    def encode_json(self, data: object) -> bytes:
        """orjson: the same JSON as the stdlib encoder, several times faster for row lists."""
        return orjson.dumps(data)
