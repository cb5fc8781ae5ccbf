"""The project modules whose code runs for one request: the walk of a call through the app.

``python -m tests.architecture.walk`` prints the walk of a REST ``POST /register`` and of a
GraphQL ``register`` on an in-memory SQLite database. A module is on the walk when a function
of it runs inside Starlette's innermost layer (``ExceptionMiddleware``: the routes and the
exception handlers). The edge's middleware is left out: a function of a module whose code
also runs outside that layer counts only when project code on the walk calls it directly
(a helper such as ``web.forwarded.client_ip``), not when Starlette calls it, and the edge's
``send`` and ``receive`` wrappers never (``ASGI_CHANNELS``).
"""

import asyncio
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, FrameType
from typing import TYPE_CHECKING, Any

import httpx
from starlette.middleware.exceptions import ExceptionMiddleware

if TYPE_CHECKING:
    from adapters.composition import Composition

ROOT = Path(__file__).resolve().parents[2]
_INNERMOST = ExceptionMiddleware.__call__.__code__
_NOT_PROJECT = ("tests", ".venv", "bench")
#: The edge's ``receive`` and ``send``, the ASGI channels every layer is handed: the edge's
#: whoever calls them (Starlette's request, or an endpoint reading its body itself).
ASGI_CHANNELS = frozenset(
    {"_limited.<locals>.limited_receive", "Edge.__call__.<locals>.send_with_headers"}
)


@dataclass
class Trace:
    """What ran while tracing: the modules inside the innermost layer, in the order each
    first ran, and the modules that ran outside it (the edge's)."""

    inside: dict[str, list[str | None]] = field(default_factory=dict)
    outside: set[str] = field(default_factory=set)

    def walk(self) -> list[str]:
        """The modules on the walk: the edge's only where project code on the walk calls
        them."""
        return [
            module
            for module, callers in self.inside.items()
            if module not in self.outside
            or any(caller not in self.outside for caller in callers if caller)
        ]


_modules: dict[str, str | None] = {}


def _module_of(code: CodeType) -> str | None:
    """The project module ``code`` belongs to, dotted, or None for anything else."""
    filename = code.co_filename
    if filename not in _modules:
        path = Path(filename)
        module = None
        if path.suffix == ".py" and path.is_relative_to(ROOT):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[0] not in _NOT_PROJECT:
                module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        _modules[filename] = module
    return _modules[filename]


def _inside_innermost(frame: FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code is _INNERMOST:
            return True
        frame = frame.f_back
    return False


@contextmanager
def tracing() -> Iterator[Trace]:
    """Trace every Python call on this thread while inside."""
    trace = Trace()

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event != "call":
            return
        module = _module_of(frame.f_code)
        if module is None:
            return
        if frame.f_code.co_qualname in ASGI_CHANNELS or not _inside_innermost(frame):
            trace.outside.add(module)
            return
        caller = _module_of(frame.f_back.f_code) if frame.f_back is not None else None
        callers = trace.inside.setdefault(module, [])
        if caller not in callers:
            callers.append(caller)

    sys.setprofile(profile)
    try:
        yield trace
    finally:
        sys.setprofile(None)


REGISTER_MUTATION = (
    "mutation ($username: String!, $email: String!) "
    "{ register(username: $username, email: $email) { ok errors { code } } }"
)


async def rest_register(client: httpx.AsyncClient, name: str) -> None:
    response = await client.post("/register", json={"username": name, "email": f"{name}@x.org"})
    assert response.status_code == 200, response.text


async def graphql_register(client: httpx.AsyncClient, name: str) -> None:
    variables = {"username": name, "email": f"{name}@x.org"}
    body = {"query": REGISTER_MUTATION, "variables": variables}
    response = await client.post("/graphql", json=body)
    assert response.json() == {"data": {"register": {"ok": True, "errors": []}}}, response.text


CALLS = {"REST POST /register": rest_register, "GraphQL register": graphql_register}


def is_transport(module: str) -> bool:
    """Whether ``module`` renders a call rather than holds a rule (or a table) of the domain."""
    return module.partition(".")[0] not in ("domain", "models")


async def walks(composition: "Composition") -> dict[str, list[str]]:
    """The walk of each of ``CALLS`` through an app of ``composition``, on the caller's
    database: each traced on its second request (the first warms caches and imports)."""
    from main import create_app

    app = create_app(composition.settings, composition=composition, manage_orm=False)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    found: dict[str, list[str]] = {}
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        for name, call in CALLS.items():
            await call(client, f"{call.__name__}warm")
            with tracing() as trace:
                await call(client, f"{call.__name__}traced")
            found[name] = trace.walk()
    return found


async def _main() -> None:
    """Print each walk, on an in-memory SQLite database."""
    from tortoise.context import tortoise_test_context

    from adapters.composition import compose
    from adapters.database import MODEL_MODULES, dialect
    from config.settings import Settings
    from models.counts import install_user_count

    url = "sqlite://:memory:"
    settings = Settings(_env_file=None, email_backend="memory", bcrypt_rounds=4)
    async with tortoise_test_context(
        MODEL_MODULES, db_url=url, connection_label=dialect(url)
    ) as ctx:
        await install_user_count(ctx.db("sqlite"))
        for name, walk in (await walks(compose(settings))).items():
            transport = [module for module in walk if is_transport(module)]
            print(f"{name}: {len(walk)} modules, {len(transport)} of them outside the domain")
            print("  " + " → ".join(walk))


if __name__ == "__main__":
    asyncio.run(_main())
