"""A REST call declared on its handler: ``@post(path, ...)`` or ``@get(path, ...)``.

The decorated name is the call's ``Operation``. What the handler already states is read from
it rather than repeated: its docstring's first paragraph is the summary and its second what the
answer means, and its annotation, ``Call[Model]`` or ``SignedInCall[Model]``, gives the body
(``None`` for none) and whether the caller must be signed in. The decorator states the rest:
the path, the operation's id and tags (what generated clients name and group it by), the
answer, the status, the query, and the errors besides the ones every call of its kind has.
"""

import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import InitVar, dataclass, field
from functools import partial
from types import MappingProxyType, ModuleType
from typing import Any, Literal, get_args, get_origin, get_type_hints

from pydantic import BaseModel
from starlette.responses import Response

from domain.ratelimit import RATE_LIMITED_MESSAGE
from rest_facade.call import Call, SignedInCall
from rest_facade.request_bodies import RequestBody
from rest_facade.response_bodies import Detail

#: A body of the dialect's own: its user, or its page of users.
DialectBody = Literal["user", "user_page"]
RATE_LIMITED = {429: f"Over a rate limit or locked out (`RATE_LIMITED`): {RATE_LIMITED_MESSAGE}"}

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
    """A REST call: what its decorator declares, and what is read from its handler."""

    method: Method
    path: str
    handler: Handler
    #: Stable: generated clients name their method after it, so it never changes.
    operation_id: str
    tags: tuple[Tag, ...]
    answer: type[BaseModel] | DialectBody
    status: int
    #: The body as JSON or form, for a handler that takes it as a multipart upload with files.
    json_body: InitVar[type[RequestBody] | None]
    #: Query parameters, as models; ``paging`` adds the dialect's.
    query: tuple[type[BaseModel], ...]
    paging: bool
    #: Answers besides the ones every call of its kind has, by status.
    errors: Mapping[int, str]
    summary: str = field(init=False)
    #: What the answer means, as the documents describe it.
    answered: str = field(init=False)
    body: type[RequestBody] | None = field(init=False)
    #: The multipart form of ``body``, when it also takes files.
    upload: type[RequestBody] | None = field(init=False)
    secured: bool = field(init=False)

    def __post_init__(self, json_body: type[RequestBody] | None) -> None:
        if not _OPERATION_ID.fullmatch(self.operation_id):
            raise ValueError(f"operationId {self.operation_id!r} is not camelCase")
        model, secured = _call_of(self.handler)
        body, upload = (model, None) if json_body is None else (json_body, model)
        summary, answered = _described(self.handler)
        object.__setattr__(self, "summary", summary)
        object.__setattr__(self, "answered", answered)
        object.__setattr__(self, "body", body)
        object.__setattr__(self, "upload", upload)
        object.__setattr__(self, "secured", secured)


def operation(
    method: Method,
    path: str,
    *,
    operation_id: str,
    tags: tuple[Tag, ...],
    answer: type[BaseModel] | DialectBody = Detail,
    status: int = 200,
    json_body: type[RequestBody] | None = None,
    query: tuple[type[BaseModel], ...] = (),
    paging: bool = False,
    errors: Mapping[int, str] = NO_ERRORS,
) -> Callable[[Handler], Operation]:
    """Declares the decorated handler as the call ``method path``: a call answers ``Detail``,
    the ``{"detail": message}`` of a call that returns nothing else, unless it says otherwise."""

    def declare(handler: Handler) -> Operation:
        return Operation(
            method,
            path,
            handler,
            operation_id,
            tags,
            answer,
            status,
            json_body,
            query,
            paging,
            errors,
        )

    return declare


get = partial(operation, "GET")
post = partial(operation, "POST")


def operations_of(*modules: ModuleType) -> tuple[Operation, ...]:
    """The operations defined in ``modules``, module by module in definition order."""
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


def _described(handler: Handler) -> tuple[str, str]:
    """The first two paragraphs of ``handler``'s docstring, each on one line: the summary of
    its operation, and what its answer means."""
    paragraphs = (inspect.getdoc(handler) or "").split("\n\n")
    if len(paragraphs) < 2:
        raise TypeError(
            f"{handler.__qualname__} needs a docstring of two paragraphs: its operation's "
            "summary, and what its answer means"
        )
    return " ".join(paragraphs[0].split()), " ".join(paragraphs[1].split())
