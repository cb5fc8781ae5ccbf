"""``GET /healthz`` (the process answers; no I/O) and ``GET /readyz`` (it can serve).

Ready means: the database answers a query, and every committed migration of its dialect
has been applied. Otherwise ``/readyz`` is 503 with the reason, so a load balancer holds
traffic back until ``python main.py migrate`` has run.
"""

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tortoise import connections
from tortoise.exceptions import OperationalError

from domain.database import APP, MIGRATIONS_ROOT, dialect
from domain.services import Services


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def pending_migrations(database_url: str) -> list[str]:
    """Committed migration files of this database's dialect that it has not applied."""
    label = dialect(database_url)
    committed = sorted(path.name for path in (MIGRATIONS_ROOT / label / APP).glob("*.py"))
    connection = connections.get(label)
    try:
        rows = await connection.execute_query_dict(
            "SELECT version FROM aerich WHERE app = $1"
            if label == "postgres"
            else "SELECT version FROM aerich WHERE app = ?",
            [APP],
        )
    except OperationalError as error:
        if "aerich" not in str(error):
            raise
        rows = []  # no migration was ever applied
    applied = {str(row["version"]) for row in rows}
    return [name for name in committed if name not in applied]


async def readyz(request: Request) -> JSONResponse:
    services: Services = request.app.state.services
    try:
        pending = await pending_migrations(services.settings.database_url)
    except Exception as error:  # any failure to ask the database means it cannot serve
        reason = f"database unreachable: {type(error).__name__}"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    if pending:
        reason = f"pending migrations: {', '.join(pending)}"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    return JSONResponse({"status": "ready"})


routes = [
    Route("/healthz", healthz, methods=["GET"]),
    Route("/readyz", readyz, methods=["GET"]),
]
