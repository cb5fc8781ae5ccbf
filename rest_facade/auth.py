from starlette.requests import Request

from domain.errors import DomainError, ErrorCode
from domain.sessions import Client, Session, Sessions, token_from_authorization
from web.forwarded import client_ip, first_values, header_text


async def require_session(request: Request, sessions: Sessions) -> Session:
    """Or the legacy 401 bodies for a missing or bad token."""
    header, user_agent = _authorization_and_user_agent(request.scope["headers"])
    if not header or not header.strip():
        raise DomainError.single(ErrorCode.UNAUTHENTICATED)
    token = token_from_authorization(header)
    client = Client(ip=client_ip(request), user_agent=user_agent)
    session = await sessions.authenticate(token, client=client) if token else None
    if session is None:
        raise DomainError.single(ErrorCode.INVALID_TOKEN)
    return session


def _authorization_and_user_agent(
    headers: list[tuple[bytes, bytes]],
) -> tuple[str | None, str | None]:
    """The first of each, as ``request.headers.get`` reads them."""
    found = first_values(headers)
    return header_text(found, b"authorization"), header_text(found, b"user-agent")
