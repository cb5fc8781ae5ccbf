"""A REST call is declared on its handler; a declaration the documents could not use fails
at import, naming the handler."""

import pytest
from starlette.responses import JSONResponse

from rest_facade.operation import Call, SignedInCall, get, post
from rest_facade.request_bodies import LoginRequest
from rest_facade.response_bodies import Detail

SUMMARY = "Do the example."
ANSWERED = "It is done."


def test_the_decorator_states_the_summary_and_the_handler_its_body_and_session() -> None:
    @post(
        "/example",
        operation_id="example",
        tags=("account",),
        summary=SUMMARY,
        response_description=ANSWERED,
    )
    async def example(call: SignedInCall[LoginRequest]) -> JSONResponse:
        raise NotImplementedError

    assert (example.body, example.upload, example.secured) == (LoginRequest, None, True)
    assert (example.summary, example.response_description, example.answer) == (
        "Do the example.",
        "It is done.",
        Detail,
    )


def test_a_handler_without_a_body_and_session() -> None:
    @get(
        "/example",
        operation_id="example",
        tags=("users",),
        summary=SUMMARY,
        response_description=ANSWERED,
    )
    async def example(call: Call[None]) -> JSONResponse:
        raise NotImplementedError

    assert (example.body, example.secured) == (None, False)


@pytest.mark.parametrize("annotation", [LoginRequest, Call, Call[int], "str"])
def test_a_handler_that_takes_no_call_of_a_body_is_refused(annotation: object) -> None:
    async def handler(call: object) -> JSONResponse:
        raise NotImplementedError

    handler.__annotations__["call"] = annotation
    with pytest.raises(TypeError, match="must take one Call"):
        post(
            "/example",
            operation_id="example",
            tags=("account",),
            summary=SUMMARY,
            response_description=ANSWERED,
        )(handler)


@pytest.mark.parametrize("operation_id", ["Example", "example_call", "", "1example", "ex-ample"])
def test_an_operation_id_that_is_not_camel_case_is_refused(operation_id: str) -> None:
    with pytest.raises(ValueError, match="is not camelCase"):

        @post(
            "/example",
            operation_id=operation_id,
            tags=("account",),
            summary=SUMMARY,
            response_description=ANSWERED,
        )
        async def example(call: Call[None]) -> JSONResponse:
            raise NotImplementedError
