"""A REST call is declared on its handler; a declaration the documents could not use fails
at import, naming the handler."""

import pytest
from starlette.responses import JSONResponse

from rest_facade.call import Call, SignedInCall
from rest_facade.operation import get, post
from rest_facade.request_bodies import LoginRequest
from rest_facade.response_bodies import Detail


def test_the_handler_states_its_body_its_session_summary_and_answer() -> None:
    @post("/example", operation_id="example", tags=("account",))
    async def example(call: SignedInCall[LoginRequest]) -> JSONResponse:
        """Do the example.

        It is done,
        once.
        """
        raise NotImplementedError

    assert (example.body, example.upload, example.secured) == (LoginRequest, None, True)
    assert (example.summary, example.answered, example.answer) == (
        "Do the example.",
        "It is done, once.",
        Detail,
    )


def test_a_handler_without_a_body_and_session() -> None:
    @get("/example", operation_id="example", tags=("users",))
    async def example(call: Call[None]) -> JSONResponse:
        """Read the example,
        over two lines.

        The example.
        """
        raise NotImplementedError

    assert (example.body, example.secured) == (None, False)
    assert example.summary == "Read the example, over two lines."


def test_a_docstring_without_what_the_answer_means_is_refused() -> None:
    with pytest.raises(TypeError, match="undescribed needs a docstring of two paragraphs"):

        @post("/example", operation_id="example", tags=("account",))
        async def undescribed(call: Call[None]) -> JSONResponse:
            """Only a summary."""
            raise NotImplementedError


@pytest.mark.parametrize("annotation", [LoginRequest, Call, Call[int], "str"])
def test_a_handler_that_takes_no_call_of_a_body_is_refused(annotation: object) -> None:
    async def handler(call: object) -> JSONResponse:
        """A summary.

        An answer.
        """
        raise NotImplementedError

    handler.__annotations__["call"] = annotation
    with pytest.raises(TypeError, match="must take one Call"):
        post("/example", operation_id="example", tags=("account",))(handler)


@pytest.mark.parametrize("operation_id", ["Example", "example_call", "", "1example", "ex-ample"])
def test_an_operation_id_that_is_not_camel_case_is_refused(operation_id: str) -> None:
    with pytest.raises(ValueError, match="is not camelCase"):

        @post("/example", operation_id=operation_id, tags=("account",))
        async def example(call: Call[None]) -> JSONResponse:
            """A summary.

            An answer.
            """
            raise NotImplementedError
