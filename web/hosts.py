"""Which ``Host`` the service answers for (``FLOWBACK_ALLOWED_HOSTS``).

Without ``FLOWBACK_PUBLIC_URL`` the links the service builds (``next``, ``previous``, image
URLs) start with the request's own scheme and host, so a request sent with ``Host:
evil.example`` would be answered with links to evil.example, which a cache in front could
keep for others. With a list of allowed hosts, any other host is refused (400
``INVALID_HOST``) before the request reaches anything else. The probes (``/healthz``,
``/readyz``) answer whatever the host: load balancers and orchestrators call them by address.
"""


class AllowedHosts:
    """Entries as ``FLOWBACK_ALLOWED_HOSTS`` takes them: ``name``, ``.domain`` (it and its
    subdomains), an address (``10.0.0.1``, ``[::1]``) or ``*``; empty allows every host."""

    def __init__(self, entries: list[str], *, exempt_paths: frozenset[str] = frozenset()) -> None:
        self.everyone = not entries or "*" in entries
        self.names = frozenset(entry for entry in entries if not entry.startswith("."))
        self.domains = tuple(entry for entry in entries if entry.startswith("."))
        self.exempt_paths = exempt_paths

    def allow(self, host: str) -> bool:
        """Whether a ``Host`` header value (``name[:port]``) is one the service answers for."""
        if self.everyone:
            return True
        name = host_name(host)
        if name in self.names:
            return True
        return any(name == domain[1:] or name.endswith(domain) for domain in self.domains)

    def refuses(self, path: str, host: bytes) -> str | None:
        """The ``Host`` of a request for ``path`` that it must not answer, or None."""
        if self.everyone or path in self.exempt_paths:
            return None
        text = host.decode("latin-1")
        return None if self.allow(text) else text


def host_name(host: str) -> str:
    """The name of a ``Host`` value, lower case, without port or trailing dot."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".") if ":" in host else host.rstrip(".")
