"""The ``Host`` values the service answers for (``FLOWBACK_ALLOWED_HOSTS``): without a
public URL its links are built from the request's host, which a cache could keep for
others. The probes answer any host."""


class AllowedHosts:
    """``name``, ``.domain`` (it and its subdomains), an address (``10.0.0.1``, ``[::1]``) or
    ``*``; empty allows every host."""

    def __init__(self, entries: list[str], *, exempt_paths: frozenset[str] = frozenset()) -> None:
        self.everyone = not entries or "*" in entries
        self.names = frozenset(entry for entry in entries if not entry.startswith("."))
        self.domains = tuple(entry for entry in entries if entry.startswith("."))
        self.exempt_paths = exempt_paths

    def allow(self, host: str) -> bool:
        """``host`` as a ``Host`` header has it: ``name[:port]``."""
        if self.everyone:
            return True
        name = host_name(host)
        if name in self.names:
            return True
        return any(name == domain[1:] or name.endswith(domain) for domain in self.domains)

    def refuses(self, path: str, host: bytes) -> str | None:
        if self.everyone or path in self.exempt_paths:
            return None
        text = host.decode("latin-1")
        return None if self.allow(text) else text


def host_name(host: str) -> str:
    """Lower case, without port or trailing dot."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".") if ":" in host else host.rstrip(".")
