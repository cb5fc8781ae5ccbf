"""The Strawberry ASGI view: builds each request's context from the application's rules.

Transport errors are answered in the REST facade's error shape (``detail`` and ``errors``):
a body that is neither JSON nor multipart is 415 ``UNSUPPORTED_MEDIA_TYPE``, unreadable JSON
or a batch (a JSON array of operations) is 400 ``MALFORMED_BODY``. Strawberry itself refuses
mutations over GET (400).

Multipart (the GraphQL multipart request spec) carries the images of ``updateUser``. A
cross-site form can send multipart without a CORS preflight but cannot set
``Authorization``, so multipart without that header is 400 ``MALFORMED_BODY``: no
cross-site request reaches an operation this way.
"""

from dataclasses import replace
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, FormData, HTTPException, StarletteRequestAdapter
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.types import HTTPMethod
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from config.settings import Settings
from domain.errors import DomainError, ErrorCode
from domain.rules import Rules
from explore.pages import graphiql_html
from schema import app_schema
from schema.context import Context
from schema.persisted_documents import (
    GATEWAY_TOKEN_HEADER,
    Document,
    PersistedDocuments,
    PersistedQueryError,
)
from schema.uploads import attach_files
from web.forwarded import client_ip, public_base_url
from web.json_body import decode_json
from web.multipart import read_multipart
from web.revalidation import revalidated

BATCHING_REFUSED = "Batching is not supported: send one operation per request."
ANONYMOUS_MULTIPART_REFUSAL = "Multipart requests need an Authorization header."
MULTIPART = "multipart/form-data"
_JSON_TYPES = ("application/json", "application/graphql-response+json")
# Strawberry's own refusals (mutation over GET, unknown operation) may quote the request.
MAX_REASON_LENGTH = 200


class _MediaTypeAdapter(StarletteRequestAdapter):
    """Media types compare without regard to case (RFC 9110); Strawberry's check does not."""

    @property
    def content_type(self) -> str | None:
        raw = super().content_type
        if raw is None:
            return None
        media_type, separator, parameters = raw.partition(";")
        return media_type.strip().lower() + separator + parameters

    def __init__(self, request: Request) -> None:
        super().__init__(request)
        self.starlette_request = request

    async def get_form_data(self) -> FormData:
        """The multipart form, parsed strictly (``web.multipart``); ``GraphQLView.run``
        closes its files."""
        form = await read_multipart(self.starlette_request)
        self.starlette_request.state.multipart_form = form
        return FormData(files=form, form=form)


class GraphQLView(GraphQL[Context, None]):
    request_adapter_class = _MediaTypeAdapter

    def __init__(self, settings: Settings, rules: Rules, documents: PersistedDocuments) -> None:
        """Serve the schema of ``settings`` (``schema.app_schema``) over ``rules``, with the
        persisted ``documents`` requests may name by hash.

        GraphiQL is for developers; production answers GET /graphql with 404.
        """
        production = settings.env == "production"
        super().__init__(
            app_schema(settings),
            graphql_ide=None if production else "graphiql",
            multipart_uploads_enabled=True,
        )
        self.settings = settings
        self.rules = rules
        self.documents = documents

    def should_render_graphql_ide(self, request: Any) -> bool:
        """A browser's GET of the page, not a GET naming a persisted document."""
        parameters = request.query_params
        named = "extensions" in parameters or "documentId" in parameters
        return not named and super().should_render_graphql_ide(request)

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our own GraphiQL page, served from vendored files (works offline)."""
        return HTMLResponse(graphiql_html())

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """Run the operation, then close the files of a multipart request (Strawberry
        parses the form but never closes it). A query over GET answered without errors can
        be revalidated (``web.revalidation``)."""
        try:
            response = await super().run(request, context, root_value)
            if isinstance(request, Request) and request.method == "GET":
                return await _revalidated(request, response)
            return response
        except HTTPException as error:
            raise _transport_error(error) from None
        except PersistedQueryError as error:
            return Response(
                orjson.dumps(error.body()),
                status_code=error.status,
                headers=error.headers,
                media_type="application/json",
            )
        finally:
            if isinstance(request, Request):
                form = getattr(request.state, "multipart_form", None)
                if form is not None:
                    await form.close()
                await request.close()

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        if isinstance(request, Request):
            request.state.answered_without_errors = not result.errors
            document: Document | None = getattr(request.state, "persisted_document", None)
            if document is not None and _prepared(result):
                await self.documents.prepared(document)
        return await super().process_result(request, result)

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        request.state.graphql_context = context = Context(
            settings=self.settings,
            rules=self.rules,
            authorization=request.headers.get("authorization"),
            client_ip=client_ip(request),
            user_agent=request.headers.get("user-agent"),
            response=response,
            base_url=public_base_url(request, self.settings.public_url),
            gateway=self.documents.is_gateway(request.headers.get(GATEWAY_TOKEN_HEADER)),
        )
        return context

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
        data = await super().parse_http_body(request)
        if isinstance(data, GraphQLRequestData):
            return await self._persisted(request, data)
        return data

    async def _persisted(
        self, request: AsyncHTTPRequestAdapter, data: GraphQLRequestData
    ) -> GraphQLRequestData:
        """``data`` with the text of the document it names by hash
        (``schema.persisted_documents``)."""
        starlette_request: Request = request.starlette_request  # type: ignore[attr-defined]
        context: Context = starlette_request.state.graphql_context
        document = await self.documents.resolve(
            query=data.query,
            extensions=data.extensions,
            document_id=await _document_id(request),
            gateway=context.gateway,
        )
        if document is None:
            return data
        starlette_request.state.persisted_document = document
        return replace(data, query=document.text)

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, Any]:
        try:
            form_data = await request.get_form_data()
        except (ValueError, StarletteHTTPException):
            raise DomainError.single(
                ErrorCode.MALFORMED_BODY, "Unreadable multipart body."
            ) from None
        operations = self.parse_json(form_data.form.get("operations", "{}"))
        files_map = decode_json(form_data.form.get("map", "{}"))
        return attach_files(operations=operations, files_map=files_map, files=form_data.files)

    def parse_json(self, data: str | bytes) -> Any:
        parsed = decode_json(data)
        if isinstance(parsed, list):
            raise DomainError.single(ErrorCode.MALFORMED_BODY, BATCHING_REFUSED)
        if not isinstance(parsed, dict):
            raise DomainError.single(ErrorCode.MALFORMED_BODY, "Expected a JSON object.")
        return parsed

    def encode_json(self, data: object) -> bytes:
        """orjson: the same JSON as the stdlib encoder, several times faster for row lists."""
        return orjson.dumps(data)


async def _revalidated(request: Request, response: Response) -> Response:
    """A GET answer tagged for the caller's account when it can be revalidated: a query
    answered without errors."""
    if response.status_code != 200 or not getattr(request.state, "answered_without_errors", False):
        return response
    context: Context = request.state.graphql_context
    session = await context.session()
    account = None if session is None else session.user.id
    return revalidated(request.headers, response, account=account)


async def _document_id(request: AsyncHTTPRequestAdapter) -> object:
    """The ``documentId`` a request names a trusted document by, if any."""
    if request.method == "GET":
        return request.query_params.get("documentId")
    body = await request.get_body()
    if b"documentId" not in body:
        return None
    parsed = decode_json(body)
    return parsed.get("documentId") if isinstance(parsed, dict) else None


def _prepared(result: ExecutionResult) -> bool:
    """Whether the document parsed and validated: it ran (data, or errors at a path)."""
    return result.data is not None or any(error.path for error in result.errors or ())


def _transport_error(error: HTTPException) -> DomainError:
    """Strawberry's refusal in the documented shape, quoting at most a bounded reason."""
    reason = error.reason
    if len(reason) > MAX_REASON_LENGTH:
        reason = reason[:MAX_REASON_LENGTH] + "…"
    code = ErrorCode.NOT_FOUND if error.status_code == 404 else ErrorCode.MALFORMED_BODY
    return DomainError.single(code, reason)
