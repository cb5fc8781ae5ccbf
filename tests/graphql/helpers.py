"""The served schema run in process, for a client at ``CLIENT_IP`` calling api.example."""

from typing import Any

from adapters.composition import Composition
from schema import app_schema
from schema.context import Context

BASE_URL = "http://api.example/"
CLIENT_IP = "203.0.113.7"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


async def execute(
    composition: Composition, query: str, token: str | None = None, **variables: Any
) -> Any:
    """``query`` with ``variables`` through ``schema.app_schema``, signed in with ``token``
    when given; returns the execution result."""
    context = Context(
        settings=composition.settings,
        rules=composition.rules,
        authorization=f"Token {token}" if token else None,
        client_ip=CLIENT_IP,
        user_agent=USER_AGENT,
        base_url=BASE_URL,
    )
    return await app_schema(composition.settings).execute(
        query, variable_values=variables, context_value=context
    )


def refused_update(*errors: tuple[str, str]) -> dict[str, Any]:
    """The ``updateUser`` payload that changed nothing, with these (field, code) errors."""
    return {
        "__typename": "UpdateUserPayload",
        "user": None,
        "errors": [{"field": field, "code": code} for field, code in errors],
    }
