"""The one entry of every GraphQL request (docs/architecture.md#the-hot-path; its answers in
docs/graphql.md and docs/security.md)."""

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType
from typing import Any, Final, Protocol, TypeGuard, cast
from urllib.parse import parse_qsl

import orjson
from graphql import ExecutionResult, GraphQLError, OperationDefinitionNode, OperationType
from graphql.execution import Executor, ExperimentalIncrementalExecutionResults
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import Receive, Scope, Send
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from config.settings import Settings
from domain.errors import DomainError, ErrorCode, FieldError
from domain.rules import Rules
from domain.sessions import token_from_authorization
from explore.pages import graphiql_html
from observability.record import REQUEST_RECORD, note_error_codes
from observability.request_id import current_request_id
from schema import FlowbackSchema, app_schema
from schema.compiled import CompiledExecutor, is_awaitable, run_planned
from schema.context import GATEWAY_TOKEN_HEADER, Context
from schema.documents import (
    DocumentCache,
    Documents,
    Preparation,
    PreparedDocument,
    RefusedDocument,
    preparation_for,
)
from schema.errors import BAD_USER_INPUT, graphql_error
from schema.uploads import attach_files
from web.faults import Fault, report
from web.forwarded import client_ip, first_values, header_text, public_base_url
from web.json_body import Readings, decode_json, media_type_of, read_body
from web.multipart import read_multipart
from web.revalidation import NOT_MODIFIED, OK, revalidation

BATCHING_REFUSED = "Batching is not supported: send one operation per request."
ANONYMOUS_MULTIPART_REFUSAL = "Multipart requests need an Authorization header."
NO_SESSION_MULTIPART_REFUSAL = "Multipart requests need the token of a signed-in session."
UPLOADS_BUSY = "Too many uploads are being read; try again shortly."
NO_QUERY = "No GraphQL query found in the request"
MULTIPART = "multipart/form-data"
JSON_TYPES: Final = ("application/json", "application/graphql-response+json")
#: Distinct documents kept prepared, besides the byte bound; clients send a fixed few.
MAX_DOCUMENTS: Final = 1000
#: Seconds a client is told to wait when the uploads are busy.
UPLOADS_RETRY_AFTER: Final = 2
#: The images ``updateUser`` takes, the only files a GraphQL request may carry.
MAX_UPLOAD_FILES: Final = 2
#: Query strings of ``GET /graphql``, and JSON bodies of POSTs, whose payloads are kept read
#: (``web.json_body.Readings``), in all for each.
MAX_PAYLOAD_BYTES: Final = 256 * 1024
#: A longer body is read each time: it is not one a client sends over and over.
MAX_KEPT_BODY_BYTES: Final = 4096

Payload = Mapping[str, Any]


class DocumentSource(Protocol):
    """Its text, and the SHA-256 of it (hex, lower case)."""

    @property
    def text(self) -> str: ...

    @property
    def digest(self) -> str: ...


class RequestRefusedError(Exception):
    """Raised by a ``DocumentFinder``: the request is answered ``body()`` with ``status`` and
    ``headers``, as persisted-query protocols answer an unknown hash."""

    def __init__(
        self, *errors: GraphQLError, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(errors[0].message if errors else "refused")
        self.errors = errors
        self.status = status
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"errors": [error.formatted for error in self.errors]}


class DocumentFinder(Protocol):
    """The documents a request names by a hash or an id (``schema.persisted_documents``)."""

    #: Whether a request that sends only a text is asked about too (only listed texts run).
    checks_texts: bool

    def find(self, payload: Payload, context: Context) -> Awaitable[DocumentSource | None]:
        """The document ``payload`` names, None when it names none, or
        ``RequestRefusedError``; awaited (an ``async def``, or a coroutine it passes on)."""

    def prepared(self, document: Any) -> Awaitable[None] | None:
        """Told of a document ``find`` gave, once it has prepared (parsed, limited,
        validated): what is to be awaited then, if anything."""


@dataclass(frozen=True, slots=True)
class GraphQLRequest:
    """A payload (query, variables, operationName, extensions) with its parts checked: read
    once per distinct body or query string (``web.json_body.Readings``), so never changed."""

    payload: Payload
    query: str | None
    operation_name: str | None
    variables: dict[str, Any] | None
    extensions: dict[str, Any] | None
    #: Whether it names a stored document, by a hash or an id, or registers one (a persisted
    #: query's hash beside its text).
    names_stored: bool

    @classmethod
    def of(cls, payload: Payload) -> "GraphQLRequest":
        """``MALFORMED_BODY`` for a part of the wrong type."""
        variables = _object_or_none(payload, "variables")
        extensions = _object_or_none(payload, "extensions")
        operation_name = payload.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            raise _malformed("The GraphQL operation's `operationName` must be a string.")
        query = payload.get("query")
        if query is not None and not isinstance(query, str):
            raise _malformed(
                "The GraphQL operation's `query` must be a string or null, if provided."
            )
        return cls(
            payload=payload,
            query=query,
            operation_name=operation_name,
            variables=variables,
            extensions=extensions,
            names_stored=extensions is not None or payload.get("documentId") is not None,
        )


@dataclass(slots=True)
class Answer:
    body: bytes
    status: int = 200
    headers: Mapping[str, str] | None = None
    errors: bool = False


class GraphQLEndpoint:
    """Serves ``schema`` (by default ``schema.app_schema``) over ``rules`` within the limits of
    ``settings``."""

    def __init__(
        self,
        settings: Settings,
        rules: Rules,
        *,
        schema: FlowbackSchema | None = None,
        stored_documents: DocumentFinder | None = None,
    ) -> None:
        self.settings = settings
        self.rules = rules
        self.schema = schema or app_schema(settings)
        graphql_schema = self.schema._schema  # pinned: tests/graphql/test_strawberry_pins.py
        self.documents = Documents(
            preparation_for(graphql_schema, settings),
            DocumentCache(
                max_bytes=settings.graphql_document_cache_bytes, max_entries=MAX_DOCUMENTS
            ),
        )
        self.stored_documents = stored_documents
        self.graphiql = settings.env != "production"
        self._uploads = asyncio.Semaphore(settings.graphql_uploads_at_once)
        self._get_payloads = Readings(_read_get_payload, max_bytes=MAX_PAYLOAD_BYTES)
        self._post_payloads = Readings(_read_post_payload, max_bytes=MAX_PAYLOAD_BYTES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The ASGI app of ``/graphql``: a GraphQL answer is sent as it is, without a
        ``Response``; what is not one (a ``DomainError`` raised) is Starlette's exception
        handling's to answer, as for any route."""
        request = Request(scope, receive)
        headers = first_values(scope["headers"])
        if scope["method"] == "GET":
            await self._get(request, headers, send)
            return
        content_type = media_type_of(header_text(headers, b"content-type") or "")
        if content_type == MULTIPART:
            answer = await self._multipart(request, headers)
        else:
            if content_type not in JSON_TYPES:
                raise DomainError.single(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    f"Unsupported media type '{content_type[:100]}' in request; send "
                    "application/json (or multipart/form-data with files).",
                )
            body = await read_body(request)
            if len(body) > MAX_KEPT_BODY_BYTES:
                payload = _read_post_payload(body)
            else:
                payload = self._post_payloads.of(body)
            answer = await self.answer(payload, self.context_of(request, headers))
        await _send(answer.status, _raw_headers(answer), answer.body, send)

    async def _get(self, request: Request, headers: dict[bytes, bytes], send: Send) -> None:
        """A query's answer revalidated (``web.revalidation``), or GraphiQL."""
        payload = self._get_payloads.of(request.scope["query_string"])
        if payload is None and _wants_html(headers):
            if not self.graphiql:
                raise DomainError.single(ErrorCode.NOT_FOUND, "Not Found")
            await HTMLResponse(graphiql_html())(request.scope, request.receive, send)
            return
        context = self.context_of(request, headers)
        answer = await self.answer(payload or _NO_PAYLOAD, context, method="GET")
        status, raw = answer.status, _raw_headers(answer)
        if status == OK and not answer.errors:
            session = await context.session()
            account = None if session is None else session.user_id
            if_none_match = header_text(headers, b"if-none-match")
            status, raw = revalidation(if_none_match, answer.body, raw, account=account)
        await _send(status, raw, b"" if status == NOT_MODIFIED else answer.body, send)

    async def _multipart(self, request: Request, headers: dict[bytes, bytes]) -> Answer:
        context = self.context_of(request, headers)
        if not token_from_authorization(context.authorization):
            raise DomainError.single(ErrorCode.MALFORMED_BODY, ANONYMOUS_MULTIPART_REFUSAL)
        if await context.session() is None:
            raise DomainError.single(ErrorCode.INVALID_TOKEN, NO_SESSION_MULTIPART_REFUSAL)
        async with self._upload_turn():  # held while the form is: read, then run
            form = await read_multipart(
                request,
                max_text_bytes=self.settings.max_body_bytes,
                max_files=MAX_UPLOAD_FILES,
            )
            try:
                operations = _payload(decode_json(_text(form.get("operations"))))
                files_map = decode_json(_text(form.get("map")))
                payload = attach_files(operations=dict(operations), files_map=files_map, files=form)
                return await self.answer(payload, context)
            finally:
                await form.close()

    def _upload_turn(self) -> "_Turn":
        return _Turn(self._uploads, timeout=self.settings.graphql_upload_wait_seconds)

    def context_of(self, request: Request, headers: dict[bytes, bytes]) -> Context:
        """``headers``: the request's, by ``first_values``."""
        return Context(
            settings=self.settings,
            rules=self.rules,
            authorization=header_text(headers, b"authorization"),
            client_ip=client_ip(request),
            user_agent=header_text(headers, b"user-agent"),
            base_url_of=partial(public_base_url, request, self.settings.public_url),
            gateway_token=header_text(headers, _GATEWAY_TOKEN_HEADER),
        )

    async def answer(
        self, request: GraphQLRequest | Payload, context: Context, *, method: str = "POST"
    ) -> Answer:
        """``request``: read, or a payload to read (``GraphQLRequest.of``)."""
        if not isinstance(request, GraphQLRequest):
            request = GraphQLRequest.of(request)
        stored = self.stored_documents
        source: DocumentSource | None = None
        if stored is not None and (stored.checks_texts or request.names_stored):
            try:
                source = await stored.find(request.payload, context)
            except RequestRefusedError as refusal:
                return _refused(refusal)
            text = None if source is None else source.text
        else:
            text = request.query
        if text is None:
            raise _malformed(NO_QUERY)
        prepared = self.documents.prepare(text)
        if isinstance(prepared, RefusedDocument):
            note_error_codes(prepared.codes)
            return Answer(prepared.body, errors=True)
        if stored is not None and source is not None:
            told = stored.prepared(source)
            if told is not None:
                await told
        operation = self._operation_of(prepared, request.operation_name, method=method)
        result = prepared_execution(
            prepared,
            operation=operation,
            preparation=self.documents.preparation,
            operation_name=request.operation_name,
            variables=request.variables,
            extensions=request.extensions,
            context=context,
        )
        if not isinstance(result, ExecutionResult):
            result = await result
        return self.render(result)

    @staticmethod
    def _operation_of(
        prepared: PreparedDocument, operation_name: str | None, *, method: str
    ) -> OperationDefinitionNode:
        """The operation to run, noted for the access log; ``MALFORMED_BODY`` when there is
        none, or for anything but a query over GET."""
        operation = prepared.operation(operation_name)
        if operation is None:
            raise _malformed(
                "Can't get GraphQL operation type"
                if operation_name is None
                else f'Unknown operation named "{operation_name[:100]}".'
            )
        kind = operation.operation
        if method == "GET" and kind is not OperationType.QUERY:
            raise _malformed(f"{kind.value}s are not allowed when using GET")
        record = REQUEST_RECORD.get()
        if record is not None:
            record.graphql_operation_named = (
                None if operation.name is None else operation.name.value
            )
            record.graphql_operation_type = _OPERATION_TYPES[kind]
        return operation

    @staticmethod
    def render(result: ExecutionResult) -> Answer:
        """Unexpected errors masked, every error coded, an outage 503."""
        if not result.errors:
            return Answer(orjson.dumps({"data": result.data}))
        status, headers = 200, None
        errors, answered = [], []
        for error in result.errors:
            original = error.original_error
            if original is None or isinstance(original, GraphQLError):
                answered.append(dict(error.formatted))  # counted below
                errors.append(answered[-1])
                continue
            masked, fault = _masked(error, original)  # counted by ``report``
            if fault.code is ErrorCode.SERVICE_UNAVAILABLE:
                status, headers = fault.status, fault.headers
            errors.append(dict(masked.formatted))
        note_error_codes(_codes(answered))
        body = orjson.dumps({"data": result.data, "errors": errors})
        return Answer(body, status=status, headers=headers, errors=True)


def prepared_execution(
    prepared: PreparedDocument,
    *,
    preparation: Preparation,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    context: object,
    extensions: dict[str, Any] | None = None,
    operation: OperationDefinitionNode | None = None,
) -> ExecutionResult | Awaitable[ExecutionResult]:
    """A query by its plan where it has one; anything else, a mutation above all, by
    Strawberry's graphql-core executor itself. Errors neither masked nor coded (``render``
    does that). ``operation``: the one ``operation_name`` names, if already found. An
    awaitable only when something is left to await, for the caller to await itself: one
    coroutine fewer between a request and its resolvers."""
    if operation is None:
        operation = prepared.operation(operation_name)
    executor_class: type[Executor[Any]]
    if operation is not None and operation.operation is OperationType.QUERY:
        run = run_planned(
            prepared.plans,
            schema=preparation.schema,
            operation=operation,
            context=context,
            raw_variables=variables,
            hide_suggestions=preparation.hide_suggestions,
            operation_extensions=extensions,
        )
        if run is not None:
            return run
        executor_class = CompiledExecutor
        options: dict[str, Any] = {"is_awaitable": is_awaitable, "plans": prepared.plans}
    else:
        executor_class = StrawberryGraphQLCoreExecutionContext
        options = {"is_awaitable": _STRAWBERRY_IS_AWAITABLE}
    executor = executor_class.build(
        preparation.schema,
        prepared.document,
        None,
        context,
        variables,
        operation_name,
        hide_suggestions=preparation.hide_suggestions,
        operation_extensions=extensions,
        **options,
    )
    if isinstance(executor, list):
        return ExecutionResult(None, executor)
    result = executor.execute_operation()
    if isinstance(result, ExecutionResult):
        return result
    assert not isinstance(result, ExperimentalIncrementalExecutionResults)  # noqa: S101 - no @defer, @stream
    return _executed(result)


async def _executed(result: Awaitable[Any]) -> ExecutionResult:
    executed = await result
    assert isinstance(executed, ExecutionResult)  # noqa: S101 - no @defer, @stream
    return executed


#: Strawberry's ``is_awaitable``, as its own execution passes it, for what no plan runs.
_STRAWBERRY_IS_AWAITABLE = cast(
    "Callable[[Any], TypeGuard[Awaitable[Any]]]", optimized_is_awaitable
)


def _masked(error: GraphQLError, original: Exception) -> tuple[GraphQLError, Fault]:
    """As ``web.faults`` classifies it (logged and counted there): ``Internal server error.``,
    or the outage's own message."""
    fault = report(original, where=f"GraphQL field {error.path}")
    unavailable = fault.code is ErrorCode.SERVICE_UNAVAILABLE
    message = fault.message if unavailable else ErrorCode.INTERNAL_ERROR.message
    shown = FieldError(fault.code, message)
    masked = graphql_error(
        shown, nodes=error.nodes, path=error.path, request_id=current_request_id()
    )
    return masked, fault


def _codes(errors: Iterable[dict[str, Any]]) -> list[str]:
    """An error without one is given ``BAD_USER_INPUT`` (graphql-core's, about the values
    sent)."""
    codes = []
    for error in errors:
        extensions = error.setdefault("extensions", {})
        codes.append(str(extensions.setdefault("code", BAD_USER_INPUT)))
    return codes


def _refused(refusal: RequestRefusedError) -> Answer:
    body = refusal.body()
    note_error_codes(_codes(body["errors"]))
    return Answer(orjson.dumps(body), status=refusal.status, headers=refusal.headers, errors=True)


async def _send(status: int, headers: list[tuple[bytes, bytes]], body: bytes, send: Send) -> None:
    """As a ``Response`` of them would send itself, without making it."""
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _raw_headers(answer: Answer) -> list[tuple[bytes, bytes]]:
    """As a ``Response`` of ``answer`` (``media_type`` JSON) has them."""
    raw = [(b"content-length", str(len(answer.body)).encode()), _JSON_CONTENT_TYPE]
    if answer.headers:
        raw.extend(
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in answer.headers.items()
        )
    return raw


_JSON_CONTENT_TYPE: Final = (b"content-type", b"application/json")


def _read_post_payload(body: bytes) -> GraphQLRequest:
    return GraphQLRequest.of(_payload(decode_json(body)))


def _read_get_payload(query_string: bytes) -> GraphQLRequest | None:
    """Its request (``variables`` and ``extensions`` decoded), or None when it names no
    document (no ``query``, ``documentId`` or ``extensions``); raises ``DomainError`` for
    JSON that is not, or a part of the wrong type."""
    payload: dict[str, Any] = dict(
        parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    )
    if not ("query" in payload or payload.get("documentId") or payload.get("extensions")):
        return None
    for name in ("variables", "extensions"):
        if payload.get(name):
            payload[name] = decode_json(payload[name])
    return GraphQLRequest.of(payload)


#: What a GET that names no document asks for (``answer`` refuses it).
_NO_PAYLOAD: Payload = MappingProxyType({})
#: Each operation type's name, as ``OperationType.value`` reads it (an enum property).
_OPERATION_TYPES: Final = {kind: kind.value for kind in OperationType}
_GATEWAY_TOKEN_HEADER = GATEWAY_TOKEN_HEADER.encode()


def _payload(value: object) -> Payload:
    if isinstance(value, list):
        raise _malformed(BATCHING_REFUSED)
    if not isinstance(value, dict):
        raise _malformed("Expected a JSON object.")
    return value


def _object_or_none(payload: Payload, name: str) -> dict[str, Any] | None:
    value = payload.get(name)
    if value is not None and not isinstance(value, dict):
        raise _malformed(
            f"The GraphQL operation's `{name}` must be an object or null, if provided."
        )
    return value


def _text(value: object) -> str:
    """``"{}"`` when missing; a file where text belongs is malformed."""
    if value is None:
        return "{}"
    if not isinstance(value, str):
        raise _malformed("The multipart fields `operations` and `map` must be text.")
    return value


def _wants_html(headers: dict[bytes, bytes]) -> bool:
    accept = headers.get(b"accept", b"")
    return b"text/html" in accept or b"*/*" in accept


def _malformed(message: str) -> DomainError:
    return DomainError.single(ErrorCode.MALFORMED_BODY, message)


class _Turn:
    """A turn to read an upload: waits up to ``timeout`` seconds, then 503."""

    def __init__(self, semaphore: asyncio.Semaphore, *, timeout: float) -> None:
        self.semaphore = semaphore
        self.timeout = timeout

    async def __aenter__(self) -> None:
        try:
            await asyncio.wait_for(self.semaphore.acquire(), self.timeout)
        except TimeoutError:
            raise DomainError.single(ErrorCode.SERVICE_UNAVAILABLE, UPLOADS_BUSY) from None

    async def __aexit__(self, *_: object) -> None:
        self.semaphore.release()
