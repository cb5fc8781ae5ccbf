"""Response bodies both REST dialects share. Each model's example is a real answer of the
service; a test holds it to its schema and to the keys of the answer a call gives."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel
from starlette.responses import JSONResponse

from domain.errors import ErrorCode

_INTERNAL = ErrorCode.INTERNAL_ERROR.message

#: Alice's public fields as both dialects answer them (her image is each dialect's URL form).
ALICE: dict[str, Any] = {
    "id": 1,
    "username": "alice",
    "bio": "Builds things.",
    "website": "https://alice.example",
    "contact_email": None,
    "contact_phone": None,
}


def example(body: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [body]})


class ResponseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Detail(ResponseBody):
    model_config = example({"detail": "A verification code has been sent to the email address."})

    detail: str


class CreatedUser(ResponseBody):
    model_config = example({"id": 1, "username": "alice"})

    id: int
    username: str


class Token(ResponseBody):
    model_config = example({"token": "7p6pkjnZtJaT7C8zxk6EkeAbb-0K_IU1N6VOCA4D0Yk"})

    token: str = Field(min_length=22)


_SESSION: dict[str, Any] = {
    "id": 1,
    "created_at": "2026-12-06T18:44:42.160585Z",
    "last_used_at": "2026-12-06T18:44:42.160585Z",
    "user_agent": "curl/7.88.1",
    "client_ip": "127.0.0.1",
    "current": True,
}


class SessionRow(ResponseBody):
    """One live session of the caller's account: an id to end it by, never its token."""

    model_config = example(_SESSION)

    id: int
    created_at: datetime = Field(description="When it signed in.")
    last_used_at: datetime | None = Field(description="Its last request, to within a minute.")
    user_agent: str | None = Field(description="Its User-Agent, cut to 255 characters.")
    client_ip: str | None = Field(description="The address it was last used from.")
    current: bool = Field(description="Whether this request came through it.")


class Sessions(RootModel[list[SessionRow]]):
    """The live sessions of the caller's account, newest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [[_SESSION]]})


class FieldError(ResponseBody):
    """One problem with the request, as GraphQL's payloads list it too."""

    field: str | None = Field(
        description="The body field or query parameter it concerns; null for the request "
        "as a whole."
    )
    code: ErrorCode
    message: str


class InternalError(ResponseBody):
    """An unexpected fault (500): the shape of every other error, `detail` and `errors`, and
    the request id to quote to operators."""

    model_config = example(
        {
            "detail": _INTERNAL,
            "errors": [{"field": None, "code": "INTERNAL_ERROR", "message": _INTERNAL}],
            "request_id": "0f6b8d1e9c2a4b7f8e5d3c1a2b4c6d8e",
        }
    )

    detail: str = Field(json_schema_extra={"const": _INTERNAL})
    errors: list[FieldError] = Field(min_length=1, max_length=1)
    request_id: str


def respond(body: BaseModel) -> JSONResponse:
    """The route gives it the status its operation declares."""
    return JSONResponse(body.model_dump())


def detail(message: str) -> JSONResponse:
    """The answer of a call that returns nothing else."""
    return respond(Detail(detail=message))
