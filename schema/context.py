import hmac
from collections.abc import Callable
from dataclasses import dataclass, field

import strawberry

from config.settings import Settings
from domain.rules import Rules
from domain.sessions import Client, Session, token_from_authorization

#: The header a federation gateway sends ``FLOWBACK_GATEWAY_TOKEN`` in.
GATEWAY_TOKEN_HEADER = "flowback-gateway-token"  # noqa: S105 - a header's name


@dataclass(slots=True)
class Context:
    """The session is looked up once, on first need; the public base too, when given as
    ``base_url_of`` (a query that makes no link never reads it)."""

    settings: Settings
    rules: Rules
    authorization: str | None = None
    client_ip: str | None = None
    user_agent: str | None = None
    base_url: str = ""
    base_url_of: Callable[[], str] | None = None
    # What the caller sent in Flowback-Gateway-Token (``is_gateway``).
    gateway_token: str | None = None
    _session: Session | None = field(default=None, init=False)
    _looked_up: bool = field(default=False, init=False)
    _media_urls: Callable[[str], str] | None = field(default=None, init=False)

    async def session(self, *, fresh: bool = False) -> Session | None:
        """None when anonymous. ``fresh``: looked up again, as each mutation asks, since an earlier
        mutation of the request may have ended the session or the account."""
        if fresh or not self._looked_up:
            token = token_from_authorization(self.authorization)
            client = Client(ip=self.client_ip, user_agent=self.user_agent)
            self._session = (
                await self.rules.sessions.authenticate(token, client=client) if token else None
            )
            self._looked_up = True
        return self._session

    def is_gateway(self) -> bool:
        """Its ``Flowback-Gateway-Token`` is ``FLOWBACK_GATEWAY_TOKEN``, compared in constant time
        (never without that setting)."""
        secret = self.settings.gateway_token
        if secret is None or not self.gateway_token:
            return False
        return hmac.compare_digest(self.gateway_token.encode(), secret.get_secret_value().encode())

    def media_url(self, key: str | None) -> str | None:
        return None if key is None else self.media_urls()(key)

    def public_base(self) -> str:
        """``base_url``, read from ``base_url_of`` on first need."""
        if self.base_url_of is not None:
            self.base_url = self.base_url_of()
            self.base_url_of = None
        return self.base_url

    def media_prefix(self) -> str | None:
        """What each image's URL is before its key, if the storage's URLs are made so."""
        return self.rules.media.url_prefix(base_url=self.public_base())

    def media_urls(self) -> Callable[[str], str]:
        """Each stored image key's URL, for clients that reach the service at ``base_url``:
        for a list, to call once per image."""
        if self._media_urls is None:
            self._media_urls = self.rules.media.urls(base_url=self.public_base())
        return self._media_urls


#: What a resolver is given.
Info = strawberry.Info[Context, None]
