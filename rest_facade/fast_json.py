from typing import Any

import orjson
from starlette.responses import JSONResponse


class ORJSONResponse(JSONResponse):
    """The stdlib encoder's body, several times faster for row lists; non-string keys and
    non-JSON values raise ``TypeError`` rather than being coerced."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
