"""JSON responses encoded by orjson: several times faster than the stdlib for row lists."""

from typing import Any

import orjson
from starlette.responses import JSONResponse


class ORJSONResponse(JSONResponse):
    """A ``JSONResponse`` with the same body as the stdlib encoder would give, only faster.

    Non-string keys and non-JSON values raise ``TypeError`` rather than being coerced.
    """

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
