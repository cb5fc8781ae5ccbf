"""Response bodies both REST dialects share, declared once for the handlers and the documents."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, RootModel
from starlette.responses import JSONResponse

from web.faults import INTERNAL_ERROR_DETAIL


class ResponseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Detail(ResponseBody):
    detail: str


class CreatedUser(ResponseBody):
    id: int
    username: str


class Token(ResponseBody):
    token: str = Field(min_length=22)


class SessionRow(ResponseBody):
    """One live session of the caller's account: an id to end it by, never its token."""

    id: int
    created_at: datetime = Field(description="When it signed in.")
    last_used_at: datetime | None = Field(description="Its last request, to within a minute.")
    user_agent: str | None = Field(description="Its User-Agent, cut to 255 characters.")
    client_ip: str | None = Field(description="The address it was last used from.")
    current: bool = Field(description="Whether this request came through it.")


class Sessions(RootModel[list[SessionRow]]):
    """The live sessions of the caller's account, newest first."""


class InternalError(ResponseBody):
    """The last-resort 500 body of the guard (``web.guard``)."""

    detail: str = Field(json_schema_extra={"const": INTERNAL_ERROR_DETAIL})
    request_id: str


def respond(body: BaseModel) -> JSONResponse:
    """``body`` as JSON; the route gives it the status its operation declares."""
    return JSONResponse(body.model_dump())


def detail(message: str) -> JSONResponse:
    """The ``{"detail": message}`` answer of a call that returns nothing else."""
    return respond(Detail(detail=message))
