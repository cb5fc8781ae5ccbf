"""One OpenAPI document per REST dialect, both from the same paths.

The ``document`` dialect's is ``rest_facade.openapi``'s. The ``flowback-backend`` one is the
same paths and operations with that dialect's bodies, from the pydantic models its
rendering uses (``rest_facade.drf``), and its paging parameters. ``GET /openapi.json``
serves the active dialect's.
"""

import copy
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.requests import Request
from starlette.responses import JSONResponse

from rest_facade import drf
from rest_facade.caller import services_of
from rest_facade.openapi import openapi_document

REF_TEMPLATE = "#/components/schemas/{model}"
# The document's components this dialect renders differently, by the model that renders them.
_BODIES: dict[str, type[BaseModel]] = {
    "User": drf.User,
    "UserPage": drf.UserPage,
    "Error": drf.Error,
}
_PAGING = [
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": (
            f"Rows, from 1 (default {drf.DEFAULT_LIMIT}); above {drf.MAX_LIMIT} is served as "
            f"{drf.MAX_LIMIT}, anything that is not a whole number as the default, as DRF does."
        ),
        "schema": {"type": "integer", "minimum": 1},
    },
    {
        "name": "offset",
        "in": "query",
        "required": False,
        "description": "Rows skipped, from 0 (the default, also for anything not a whole number).",
        "schema": {"type": "integer", "minimum": 0},
    },
]


@cache
def document_for(dialect: str) -> dict[str, Any]:
    """The OpenAPI document of ``dialect`` (``FLOWBACK_REST_DIALECT``'s values)."""
    document = openapi_document()
    if dialect == "document":
        return document
    return _flowback_backend(copy.deepcopy(document))


async def openapi_endpoint(request: Request) -> JSONResponse:
    return JSONResponse(document_for(services_of(request).settings.rest_dialect))


def _flowback_backend(document: dict[str, Any]) -> dict[str, Any]:
    document["info"]["title"] += " (flowback-backend dialect)"
    document["info"]["description"] = (
        "The REST paths as the Flowback DRF backend (Gofven/flowback-backend) answers them, "
        "for the Flowback web app (FLOWBACK_REST_DIALECT=flowback-backend). "
        "Every response carries `X-Request-ID`."
    )
    _, schemas = models_json_schema(
        [(model, "serialization") for model in _BODIES.values()], ref_template=REF_TEMPLATE
    )
    document["components"]["schemas"].update(schemas["$defs"])
    users = document["paths"]["/users"]["get"]
    paging = {"page", "limit", "offset"}
    users["parameters"] = [
        *(parameter for parameter in users["parameters"] if parameter["name"] not in paging),
        *_PAGING,
    ]
    users["responses"]["400"]["description"] = "An id that is not an integer."
    return document
