from starlette.requests import Request

from domain.errors import DomainError, ErrorCode
from domain.sessions import Session, authenticate, token_from_authorization


async def require_session(request: Request) -> Session:
    """The caller's session, or the legacy 401 bodies for a missing or bad token."""
    header = request.headers.get("authorization")
    if not header or not header.strip():
        raise DomainError.single(
            ErrorCode.UNAUTHENTICATED, "Authentication credentials were not provided."
        )
    token = token_from_authorization(header)
    session = await authenticate(token) if token else None
    if session is None:
        raise DomainError.single(ErrorCode.INVALID_TOKEN, "Invalid token.")
    return session
