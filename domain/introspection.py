"""Token introspection (RFC 7662), for the services that call rather than sit behind a proxy.

Only the services in ``FLOWBACK_INTROSPECTION_CLIENTS`` may ask, each with its own secret
(never a user's token); their secrets are compared in constant time. A token is active on
the terms of every other call: live, of an active account, within its idle timeout and its
absolute lifetime. Asking counts as a use of the token (the user is calling that service
with it), so it keeps the session from going idle as any other call does.
"""

import hashlib
import hmac
from dataclasses import dataclass

from config.settings import ServiceClient
from domain.sessions import Sessions


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """What RFC 7662 answers about an active token: ``sub`` the user's id, ``sid`` the
    session's (as ``user.sessions_revoked`` events name it), and when it was issued and
    expires, in seconds since the epoch. ``exp`` is the earlier of the idle and the
    absolute expiry, as of this use."""

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
        """Whether ``client_id`` and ``secret`` are one of the listed services', in a time
        that depends on neither (every client is compared, by digests of equal length)."""
        offered = _digest(client_id), _digest(secret)
        admitted = False
        for client in self.clients:
            same_id = hmac.compare_digest(offered[0], _digest(client.client_id))
            same_secret = hmac.compare_digest(offered[1], _digest(client.secret.get_secret_value()))
            admitted |= same_id & same_secret
        return admitted

    async def introspect(self, token: str) -> TokenClaims | None:
        """The claims of a live token, or None for any other (``{"active": false}``)."""
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
