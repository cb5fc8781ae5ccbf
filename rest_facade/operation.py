import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType, ModuleType
from typing import Any, Generic, Literal, TypeVar, get_args, get_origin, get_type_hints

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from config.settings import Settings
from domain.errors import ErrorCode
from domain.rules import Rules
from domain.sessions import Session
from domain.user_view import view_user
from models import User
from rest_facade.auth import require_session
from rest_facade.dialect import DIALECTS, Dialect
from rest_facade.request_bodies import RequestBody, read_body
from rest_facade.response_bodies import Detail
from web.forwarded import client_ip
from web.revalidation import revalidated

Body = TypeVar("Body")


@dataclass(frozen=True, slots=True)
class Call(Generic[Body]):
    """The request, its body read as declared, the rules to call and the dialect to answer in."""

    request: Request
    #: The body as the operation's model, or None for a call without one.
    body: Body
    rules: Rules
    dialect: Dialect

    @property
    def client_ip(self) -> str | None:
        return client_ip(self.request)


@dataclass(frozen=True, slots=True)
class SignedInCall(Call[Body]):
    session: Session

    def own_account(self, user: User) -> JSONResponse:
        """The answer of a call that changed the caller's account: ``user`` as it sees itself."""
        return JSONResponse(self.dialect.user_body(self.request, view_user(user, viewer=user)))


#: A body of the dialect's own: its user, or its page of users.
DialectBody = Literal["user", "user_page"]
RATE_LIMITED = {
    429: f"Over a rate limit or locked out (`RATE_LIMITED`): {ErrorCode.RATE_LIMITED.message}"
}

#: Called with a ``Call`` of the body, or a ``SignedInCall`` when secured.
Handler = Callable[[Any], Awaitable[Response]]
Method = Literal["GET", "POST"]
#: What the calls of a tag do (the documents describe each, ``rest_facade.openapi.TAGS``).
Tag = Literal["auth", "account", "sessions", "users"]
#: An operationId: camelCase, as generators turn it into a method name unchanged.
_OPERATION_ID = re.compile(r"[a-z][a-zA-Z0-9]*")
NO_ERRORS: Mapping[int, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Operation:
    """What its decorator declares, and what its handler's annotation says."""

    method: Method
    path: str
    handler: Handler
    #: Stable: generated clients name their method after it, so it never changes.
    operation_id: str
    tags: tuple[Tag, ...]
    summary: str
    answer: type[BaseModel] | DialectBody
    #: What the answer means, as the documents describe it.
    response_description: str
    status: int
    body: type[RequestBody] | None
    #: The multipart form of ``body``, when it also takes files.
    upload: type[RequestBody] | None
    secured: bool
    #: Query parameters, as models; ``paging`` adds the dialect's.
    query: tuple[type[BaseModel], ...]
    paging: bool
    #: Answers besides the ones every call of its kind has, by status.
    errors: Mapping[int, str]

    def endpoint(
        self, rules: Rules, settings: Settings
    ) -> Callable[[Request], Awaitable[Response]]:
        """The session looked up when secured (before any of the body is read), then the body read
        as declared; a read's answer can be revalidated (``web.revalidation``)."""
        model = self.upload or self.body
        revalidates = self.method == "GET" and self.status == 200
        dialect = DIALECTS[settings.rest_dialect]
        file_limit = settings.max_image_bytes if self.upload is not None else None
        sessions = rules.sessions

        async def endpoint(request: Request) -> Response:
            session = await require_session(request, sessions) if self.secured else None
            body = None
            if model is not None:
                body = await read_body(request, model, max_file_bytes=file_limit)
            call = (
                Call(request, body, rules, dialect)
                if session is None
                else SignedInCall(request, body, rules, dialect, session)
            )
            response = await self.handler(call)
            response.status_code = self.status
            if revalidates:
                account = None if session is None else session.user_id
                return revalidated(request.scope["headers"], response, account=account)
            return response

        return endpoint


def operation(
    method: Method,
    path: str,
    *,
    operation_id: str,
    tags: tuple[Tag, ...],
    summary: str,
    response_description: str,
    answer: type[BaseModel] | DialectBody = Detail,
    status: int = 200,
    json_body: type[RequestBody] | None = None,
    query: tuple[type[BaseModel], ...] = (),
    paging: bool = False,
    errors: Mapping[int, str] = NO_ERRORS,
) -> Callable[[Handler], Operation]:
    """Declares the handler as the call ``method path``, answering ``Detail`` unless it says
    otherwise; ``json_body`` is the body as JSON or form of a multipart upload handler."""
    if not _OPERATION_ID.fullmatch(operation_id):
        raise ValueError(f"operationId {operation_id!r} is not camelCase")

    def declare(handler: Handler) -> Operation:
        model, secured = _call_of(handler)
        body, upload = (model, None) if json_body is None else (json_body, model)
        return Operation(
            method=method,
            path=path,
            handler=handler,
            operation_id=operation_id,
            tags=tags,
            summary=summary,
            answer=answer,
            response_description=response_description,
            status=status,
            body=body,
            upload=upload,
            secured=secured,
            query=query,
            paging=paging,
            errors=errors,
        )

    return declare


get = partial(operation, "GET")
post = partial(operation, "POST")


def operations_of(*modules: ModuleType) -> tuple[Operation, ...]:
    """Module by module, in definition order."""
    return tuple(
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, Operation) and value.handler.__module__ == module.__name__
    )


def _call_of(handler: Handler) -> tuple[type[RequestBody] | None, bool]:
    """The body model of ``handler``'s one argument and whether it is a ``SignedInCall``."""
    hints = [hint for name, hint in get_type_hints(handler).items() if name != "return"]
    origin = get_origin(hints[0]) if len(hints) == 1 else None
    model = get_args(hints[0])[0] if origin in (Call, SignedInCall) else object
    if model is type(None):
        model = None
    elif not (isinstance(model, type) and issubclass(model, RequestBody)):
        raise TypeError(
            f"{handler.__qualname__} must take one Call[...] or SignedInCall[...] "
            "of a RequestBody or None"
        )
    return model, origin is SignedInCall
