"""The request as its client sent it: what a proxy of ``FLOWBACK_FORWARDED_ALLOW_IPS`` says of
the original request (from anyone else the headers are ignored, so a client cannot forge its
address or the service's links), and the headers as ``request.headers.get`` reads each."""

import re
from collections.abc import Mapping, Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from starlette.requests import Request
from starlette.types import Scope

_SCHEMES = frozenset({"http", "https"})
_FORWARDED = frozenset({b"x-forwarded-proto", b"x-forwarded-host", b"x-forwarded-for"})
_KNOWN_PEERS = 1024
_HOST = re.compile(r"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


class TrustedProxies:
    def __init__(self, allowed: list[str]) -> None:
        self.everyone = "*" in allowed
        self.networks: list[IPv4Network | IPv6Network] = [
            ip_network(item, strict=False) for item in allowed if item != "*"
        ]
        # Every request asks about its peer: the answer for each address seen is kept
        # (a server has few peers; the cache starts over once it holds many).
        self._known: dict[str, bool] = {}

    def __contains__(self, host: str) -> bool:
        if self.everyone:
            return True
        if not self.networks:
            return False
        known = self._known.get(host)
        if known is None:
            if len(self._known) >= _KNOWN_PEERS:
                self._known.clear()
            known = self._known[host] = self._trusts(host)
        return known

    def _trusts(self, host: str) -> bool:
        try:
            address = ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def forward(self, scope: Scope) -> None:
        """The scheme, the host and the client (the last ``X-Forwarded-For`` entry that is not a
        trusted proxy) made the request's own, in ``scope``."""
        headers = {
            name: value.decode("latin-1") for name, value in scope["headers"] if name in _FORWARDED
        }
        if not headers:
            return
        proto = _first(headers.get(b"x-forwarded-proto")).lower()
        if proto in _SCHEMES:
            scope["scheme"] = proto
        host = _first(headers.get(b"x-forwarded-host"))
        if _HOST.fullmatch(host):
            others = [(name, value) for name, value in scope["headers"] if name != b"host"]
            scope["headers"] = [(b"host", host.encode("latin-1")), *others]
        client = self._client(headers.get(b"x-forwarded-for"))
        if client is not None:
            scope["client"] = (client, 0)

    def _client(self, forwarded_for: str | None) -> str | None:
        hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
        for hop in reversed(hops):
            if hop not in self:
                return hop if _is_address(hop) else None
        return hops[0] if hops and _is_address(hops[0]) else None


def _first(value: str | None) -> str:
    """What the outermost proxy saw of the client."""
    return (value or "").split(",")[0].strip()


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


def first_values(headers: Sequence[tuple[bytes, bytes]]) -> dict[bytes, bytes]:
    """Each name's first value, by the names as ASGI gives them (lower case). Made by ``dict``
    itself rather than by a loop over every header: a browser sends a dozen or more, and each
    turn of such a loop cost about a tenth of a microsecond."""
    return dict(reversed(headers))


def header_text(found: Mapping[bytes, bytes], name: bytes) -> str | None:
    """The value ``first_values`` found for ``name``, as ``request.headers.get`` gives it."""
    value = found.get(name)
    return None if value is None else value.decode("latin-1")


def client_ip(request: Request) -> str | None:
    """As a trusted proxy gave it; what rate limits count."""
    client = request.scope.get("client")  # what ``request.client`` reads, without its tuple
    return None if client is None else str(client[0])


def public_base_url(request: Request, public_url: str | None) -> str:
    """Without a trailing slash: ``FLOWBACK_PUBLIC_URL``, else the request's scheme and host."""
    if public_url:
        return public_url.rstrip("/")
    scope = request.scope
    host = None
    for name, value in scope["headers"]:
        if name == b"host":
            host = value
            break
    root = scope.get("app_root_path", scope.get("root_path", ""))
    server = scope.get("server")  # a tuple from uvicorn; ASGI allows any pair
    key = (scope["scheme"], host, server if type(server) is tuple else repr(server), root)
    base = _base_urls.get(key)
    if base is None:
        # Starlette's own reading of the scope, made once per scheme, host and root.
        if len(_base_urls) >= _KNOWN_BASES:
            _base_urls.clear()
        base = _base_urls[key] = str(request.base_url).rstrip("/")
    return base


_KNOWN_BASES = 256
# Building a URL from the scope costs more than the rest of a link: each request's base is
# read from this cache of the last few (clients choose the Host, so it starts over when full).
_base_urls: dict[tuple[str, bytes | None, object, str], str] = {}
