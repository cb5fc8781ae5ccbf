import random
import re
from contextvars import ContextVar, Token

HEADER = "X-Request-ID"
# A caller's id is kept only if it cannot smuggle anything into a log line or a header.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")
_request_id: ContextVar[str | None] = ContextVar("flowback_request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def request_id_from(header: bytes | None) -> str:
    """The caller's ``X-Request-ID`` when sane, else a new one (32 hex digits)."""
    if header is not None:
        text = header.decode("latin-1")
        if _ACCEPTABLE.fullmatch(text):
            return text
    # An id only tells requests apart; it guards nothing, since any caller may choose its
    # own. So it comes from the process's seeded generator (reseeded in a forked child),
    # not from the system's: a system call on every request, dearer under load than its
    # own time (docs/architecture.md#the-hot-path).
    return f"{random.getrandbits(128):032x}"


def begin_request(request_id: str) -> Token[str | None]:
    return _request_id.set(request_id)


def end_request(token: Token[str | None]) -> None:
    _request_id.reset(token)
