"""Token introspection (RFC 7662) for listed services (docs/operating/platform.md); asking
counts as a use of the token."""

import hashlib
import hmac
from dataclasses import dataclass

from config.settings import ServiceClient
from domain.sessions import Sessions


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """``sid`` names the session as ``user.sessions_revoked`` does; ``exp`` is the earlier of the
    idle and the absolute expiry, as of this use; times in seconds since the epoch."""

    sub: str
    sid: str
    username: str
    iat: int
    exp: int


@dataclass(frozen=True, slots=True)
class Introspection:
    sessions: Sessions
    clients: tuple[ServiceClient, ...]

    def admits(self, client_id: str, secret: str) -> bool:
        """In a time that depends on neither: every client compared, by digests of equal length."""
        offered = _digest(client_id), _digest(secret)
        admitted = False
        for client in self.clients:
            same_id = hmac.compare_digest(offered[0], _digest(client.client_id))
            same_secret = hmac.compare_digest(offered[1], _digest(client.secret.get_secret_value()))
            admitted |= same_id & same_secret
        return admitted

    async def introspect(self, token: str) -> TokenClaims | None:
        session = await self.sessions.authenticate(token) if token else None
        if session is None:
            return None
        return TokenClaims(
            sub=str(session.user.id),
            sid=str(session.token_id),
            username=session.user.username,
            iat=int(session.created_at.timestamp()),
            exp=int(session.expires_at.timestamp()),
        )


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()
