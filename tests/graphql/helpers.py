"""Running a document through the app's GraphQL schema, as one request would."""

from typing import Any

from adapters.composition import Composition
from schema import app_schema
from schema.context import Context


async def execute_as(
    services: Composition,
    query: str,
    *,
    authorization: str | None = None,
    variables: dict[str, Any] | None = None,
    **context: Any,
) -> Any:
    """``query`` on the schema of ``services``, with ``authorization`` and other request
    ``context`` (``client_ip``, ``user_agent``, ``base_url``)."""
    request = Context(
        settings=services.settings, rules=services.rules, authorization=authorization, **context
    )
    return await app_schema(services.settings).execute(
        query, variable_values=variables, context_value=request
    )
