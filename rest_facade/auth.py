from starlette.requests import Request

from domain.errors import DomainError, ErrorCode
from domain.sessions import Client, Session, token_from_authorization
from rest_facade.app_state import rules_of
from web.forwarded import client_ip


async def require_session(request: Request) -> Session:
    """Or the legacy 401 bodies for a missing or bad token."""
    header = request.headers.get("authorization")
    if not header or not header.strip():
        raise DomainError.single(ErrorCode.UNAUTHENTICATED)
    token = token_from_authorization(header)
    client = Client(ip=client_ip(request), user_agent=request.headers.get("user-agent"))
    session = await rules_of(request).sessions.authenticate(token, client=client) if token else None
    if session is None:
        raise DomainError.single(ErrorCode.INVALID_TOKEN)
    return session
