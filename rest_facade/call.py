"""A REST call as its handler receives it: read and checked as its operation declares.

A handler's annotation says whether its call takes a body (``Call[Model]``, or ``Call[None]``)
and whether it needs a signed-in caller (``SignedInCall``); its operation is read from that
(``rest_facade.operation``), and the route reads the body and looks the session up before the
handler runs, so no handler repeats either step or can disagree with the documents about them.
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse

from domain.rules import Rules
from domain.sessions import Session
from domain.user_view import view_user
from models import User
from rest_facade.app_state import rules_of
from rest_facade.dialect import Dialect, dialect_of
from web.forwarded import client_ip

Body = TypeVar("Body")


@dataclass(frozen=True, slots=True)
class Call(Generic[Body]):
    request: Request
    #: The body as the operation's model, or None for a call without one.
    body: Body

    @property
    def rules(self) -> Rules:
        return rules_of(self.request)

    @property
    def dialect(self) -> Dialect:
        return dialect_of(self.request)

    @property
    def client_ip(self) -> str | None:
        return client_ip(self.request)


@dataclass(frozen=True, slots=True)
class SignedInCall(Call[Body]):
    """A call of a secured operation: the caller's live session."""

    session: Session

    def own_account(self, user: User) -> JSONResponse:
        """The answer of a call that changed the caller's account: ``user`` as it sees itself."""
        return JSONResponse(self.dialect.user_body(self.request, view_user(user, viewer=user)))
