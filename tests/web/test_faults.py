"""One classification and one rendering per transport (web/faults.py, schema/errors.py): the
same domain error in the documented REST shape, the Flowback backend's and GraphQL's."""

from typing import Any

import httpx
import pytest

from adapters.composition import compose
from domain.errors import DomainError, ErrorCode, FieldError
from rest_facade import backend_dialect, document_dialect
from schema.errors import graphql_error
from tests.abuse.conftest import app_client, small_settings
from tests.http.helpers import graphql
from web.faults import classify, rest_body

BAD_NAME = "Enter a valid username of at most 120 letters, digits and @/./+/-/_ characters."
BAD_EMAIL = "Enter a valid email address."
TWO_FIELDS = DomainError(
    [
        FieldError.of(ErrorCode.INVALID_USERNAME, "username"),
        FieldError.of(ErrorCode.INVALID_EMAIL, "email"),
    ]
)
NO_CALLER = DomainError.single(ErrorCode.UNAUTHENTICATED)
TYPED = [
    {"field": "username", "code": "INVALID_USERNAME", "message": BAD_NAME},
    {"field": "email", "code": "INVALID_EMAIL", "message": BAD_EMAIL},
]


def test_field_errors_in_each_rest_dialect() -> None:
    fault = classify(TWO_FIELDS)
    assert fault.status == 400
    by_field = {"username": [BAD_NAME], "email": [BAD_EMAIL]}
    documented = rest_body(fault, dialect=document_dialect.ERRORS, path="/register")
    assert documented == {"detail": by_field, "errors": TYPED}
    assert rest_body(fault, dialect=backend_dialect.ERRORS, path="/user/update") == {
        "detail": by_field
    }
    # The web app reads detail[0] of a registration's errors.
    assert rest_body(fault, dialect=backend_dialect.ERRORS, path="/register") == {
        "detail": [BAD_NAME, BAD_EMAIL]
    }


def test_an_error_about_the_whole_request_is_its_message_in_each_dialect() -> None:
    fault = classify(NO_CALLER)
    message = "Authentication credentials were not provided."
    assert (fault.status, fault.headers) == (401, {"WWW-Authenticate": "Token"})
    typed = [{"field": None, "code": "UNAUTHENTICATED", "message": message}]
    assert rest_body(fault) == {"detail": message, "errors": typed}
    assert rest_body(fault, dialect=backend_dialect.ERRORS) == {"detail": message}
    error = graphql_error(fault.errors[0])
    assert (error.message, error.extensions) == (message, {"code": "UNAUTHENTICATED"})


def test_a_fault_of_the_service_carries_the_request_id_to_quote() -> None:
    body = rest_body(classify(RuntimeError("boom")))
    assert body["detail"] == "Internal server error."
    assert body["errors"][0]["code"] == "INTERNAL_ERROR"
    assert "request_id" in body


async def answers(dialect: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A registration of a bad username and email over REST in ``dialect`` and over GraphQL."""
    fields = {"username": "no spaces please", "email": "not-an-address"}
    async with app_client(compose(small_settings(rest_dialect=dialect))) as client:
        rest: httpx.Response = await client.post("/register", json=fields)
        assert rest.status_code == 400, rest.text
        mutation = await graphql(
            client,
            "mutation($username: String!, $email: String!) { register(username: $username, "
            "email: $email) { errors { field code message } } }",
            **fields,
        )
    return rest.json(), mutation["data"]["register"]["errors"]


@pytest.mark.usefixtures("db")
async def test_the_same_domain_error_on_each_transport() -> None:
    documented, from_graphql = await answers(document_dialect.NAME)
    assert documented == {"detail": {"username": [BAD_NAME], "email": [BAD_EMAIL]}, "errors": TYPED}
    assert from_graphql == TYPED
    backend, from_graphql = await answers(backend_dialect.NAME)
    assert backend == {"detail": [BAD_NAME, BAD_EMAIL]}
    assert from_graphql == TYPED
