"""``/healthz`` (no I/O) and ``/readyz``: the database answers, every migration is applied,
and Redis answers when the counters live there (docs/operating/monitoring.md)."""

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tortoise.exceptions import OperationalError

from adapters.composition import Composition
from adapters.database import APP, MIGRATIONS_ROOT
from models import User


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def pending_migrations() -> list[str]:
    connection = User._meta.db  # the connection the service's models really use
    label = connection.capabilities.dialect
    committed = sorted(path.name for path in (MIGRATIONS_ROOT / label / APP).glob("*.py"))
    placeholder = "$1" if label == "postgres" else "?"
    try:
        rows = await connection.execute_query_dict(
            f"SELECT version FROM aerich WHERE app = {placeholder}",  # noqa: S608 - constant
            [APP],
        )
    except OperationalError as error:
        if "aerich" not in str(error):
            raise
        rows = []  # no migration was ever applied
    applied = {str(row["version"]) for row in rows}
    return [name for name in committed if name not in applied]


async def readyz(request: Request) -> JSONResponse:
    try:
        pending = await pending_migrations()
    except Exception as error:  # any failure to ask the database means it cannot serve
        return _unavailable(f"database unreachable: {type(error).__name__}")
    if pending:
        return _unavailable(f"pending migrations: {', '.join(pending)}")
    composition: Composition = request.app.state.composition
    if composition.settings.redis_url and not await composition.limiter.check():
        return _unavailable("redis unreachable")
    return JSONResponse({"status": "ready"})


def _unavailable(reason: str) -> JSONResponse:
    return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)


routes = [
    Route("/healthz", healthz, methods=["GET"]),
    Route("/readyz", readyz, methods=["GET"]),
]

#: The probes' paths: answered whatever the Host and however full the server is.
PATHS = frozenset(route.path for route in routes)
