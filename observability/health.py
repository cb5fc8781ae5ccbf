"""``GET /healthz`` (the process answers; no I/O) and ``GET /readyz`` (it can serve).

Ready means: the database answers a query, every committed migration of its dialect has
been applied, and Redis answers when the rate-limit counters live there. Otherwise
``/readyz`` is 503 with the reason, so a load balancer holds traffic back until the cause
is gone (``python main.py migrate``, or the database or Redis back).
"""

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
    """Committed migration files of the database's dialect that it has not applied."""
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
