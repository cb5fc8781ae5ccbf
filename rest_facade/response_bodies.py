"""Response bodies both REST dialects share, declared once for the handlers and the documents."""

from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import JSONResponse

from web.guard import INTERNAL_ERROR_DETAIL


class ResponseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Detail(ResponseBody):
    detail: str


class CreatedUser(ResponseBody):
    id: int
    username: str


class Token(ResponseBody):
    token: str = Field(min_length=22)


class InternalError(ResponseBody):
    """The last-resort 500 body of the guard (``web.guard``)."""

    detail: str = Field(json_schema_extra={"const": INTERNAL_ERROR_DETAIL})
    request_id: str


def respond(body: BaseModel, *, status_code: int = 200) -> JSONResponse:
    return JSONResponse(body.model_dump(), status_code=status_code)


def detail(message: str) -> JSONResponse:
    """The ``{"detail": message}`` answer of a call that returns nothing else."""
    return respond(Detail(detail=message))
