from dataclasses import dataclass, field

import strawberry

from config.settings import Settings
from domain.rules import Rules
from domain.sessions import Client, Session, token_from_authorization


@dataclass
class Context:
    """Per-request GraphQL context; the session is looked up once, on first need."""

    settings: Settings
    rules: Rules
    authorization: str | None = None
    client_ip: str | None = None
    user_agent: str | None = None
    base_url: str = ""
    # The caller holds FLOWBACK_GATEWAY_TOKEN (schema.persisted_documents): a federation gateway.
    gateway: bool = False
    _session: Session | None = field(default=None, init=False)
    _looked_up: bool = field(default=False, init=False)

    async def session(self, *, fresh: bool = False) -> Session | None:
        """The signed-in session; a missing, wrong, revoked or dead token means anonymous.

        Looked up once per request, or again when ``fresh``: each mutation asks afresh, since
        an earlier mutation of the same request may have ended the session or the account.
        """
        if fresh or not self._looked_up:
            token = token_from_authorization(self.authorization)
            client = Client(ip=self.client_ip, user_agent=self.user_agent)
            self._session = (
                await self.rules.sessions.authenticate(token, client=client) if token else None
            )
            self._looked_up = True
        return self._session

    def media_url(self, key: str | None) -> str | None:
        """The absolute URL of a stored image (``base_url``: where clients reach the service)."""
        return None if key is None else self.rules.media.url(key, base_url=self.base_url)


#: What a resolver is given.
Info = strawberry.Info[Context, None]
