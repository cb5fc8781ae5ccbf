"""schemathesis against a real server process, on each database.

The REST facade is fuzzed from its own ``/openapi.json`` (data that fits the document and
data that does not), GraphQL from its introspected schema. Checks: every check of
schemathesis but one (``REST_CHECKS`` says which and why) — no 5xx, responses that match the
documented schemas, content types, statuses and headers, auth that is not ignored, a
revoked token that stays revoked, methods and required headers refused as documented;
GraphQL answers 200 with no INTERNAL_ERROR.
The REST facade is fuzzed in each dialect (``FLOWBACK_REST_DIALECT``), from the document
that dialect serves. ``FLOWBACK_TEST_FUZZ_EXAMPLES`` bounds the examples per operation (default 20).
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    ensure_resource_availability,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
    use_after_free,
)

from tests.factories import PASSWORD, code_in
from tests.process.conftest import Inbox, LiveServer, start_server

MAX_EXAMPLES = int(os.environ.get("FLOWBACK_TEST_FUZZ_EXAMPLES", "20"))
ENDING_PATHS = ("/logout", "/logout_all", "/user/delete", "/user/sessions/revoke")
ENDING_FIELDS = ("logout", "logoutAll", "deleteAccount", "revokeSession")
# Every check schemathesis has but positive_data_acceptance, which expects every
# schema-valid body to succeed: a wrong code or password, a taken username or an address
# nobody can receive mail at is refused by the rules, and no schema can tell them apart.
REST_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    allow_header_conformance,
    ensure_resource_availability,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    unsupported_method,
    use_after_free,
]


def _bounded(test: Callable[..., None]) -> Callable[..., None]:
    return settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )(test)


def _signed_in(live_server: LiveServer, inbox: Inbox) -> str:
    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        client.post("/register", data={"username": "fuzz", "email": "fuzz@example.com"})
        code = code_in(inbox.wait_for(1)[-1])
        verify = {"verification_code": code, "password": PASSWORD}
        assert client.post("/register/verify", data=verify).status_code == 201
        response = client.post("/login", data={"username": "fuzz", "password": PASSWORD})
        token: str = response.json()["token"]
        return token


def _operations(schema: Any) -> list[Any]:
    """Every operation of ``schema``; an operation schemathesis cannot read fails the test."""
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"unreadable operation: {result.err()}"
        operations.append(result.ok())
    return operations


@pytest.fixture(params=["document", "flowback-backend"])
def dialect_server(
    request: pytest.FixtureRequest, server_env: dict[str, str], tmp_path: Path
) -> Iterator[LiveServer]:
    """A server speaking each REST dialect, which serves that dialect's document."""
    env = server_env | {"FLOWBACK_REST_DIALECT": request.param}
    server = start_server(env, tmp_path / "server.log")
    try:
        yield server
    finally:
        server.stop()


def test_rest_facade_against_its_openapi_document(
    dialect_server: LiveServer, smtp: tuple[Inbox, int]
) -> None:
    live_server = dialect_server
    token = _signed_in(live_server, smtp[0])
    schema = schemathesis.openapi.from_url(f"{live_server.base_url}/openapi.json")
    operations = _operations(schema)
    # These last: they revoke the token the others sign in with (or try to delete its
    # account); a fuzzed session id may be the token's own.
    operations.sort(key=lambda operation: operation.path in ENDING_PATHS)
    assert len(operations) == 18
    auth = {"Authorization": f"Token {token}"}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @_bounded
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case: Any) -> None:
                headers = auth if "Authorization" not in (case.headers or {}) else None
                case.call_and_validate(
                    base_url=live_server.base_url, headers=headers, checks=REST_CHECKS
                )

            check()


def test_graphql_against_its_schema(live_server: LiveServer, smtp: tuple[Inbox, int]) -> None:
    token = _signed_in(live_server, smtp[0])
    schema = schemathesis.graphql.from_url(f"{live_server.base_url}/graphql")
    operations = _operations(schema)
    operations.sort(key=lambda operation: any(name in operation.label for name in ENDING_FIELDS))
    # Every query and mutation; schemathesis leaves out federation's _service and _entities.
    assert len(operations) == 18
    for operation in operations:

        @_bounded
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            # Top-level errors with a code (UNAUTHENTICATED, INVALID_PAGINATION, …) are part
            # of the contract, so schemathesis' "any error is a failure" check does not fit.
            response = case.call(
                base_url=live_server.base_url, headers={"Authorization": f"Bearer {token}"}
            )
            assert response.status_code == 200, response.text
            body = response.json()
            for error in body.get("errors") or []:
                assert error.get("extensions", {}).get("code") != "INTERNAL_ERROR", error

        check()
