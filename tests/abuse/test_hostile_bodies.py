"""Hostile bodies (issue 16): deep nesting, endless numbers, bad multipart maps, bad UTF-8,
and Strawberry's transport refusals, all answered in the documented shape."""

import json
from typing import Any

import httpx
import pytest

from adapters.mailers import MemoryMailer
from models import User

pytestmark = pytest.mark.usefixtures("db")

DEEP = "[" * 5000 + "]" * 5000
LONG_NUMBER = "1" * 5000
JSON_HEADERS = {"Content-Type": "application/json"}
UPDATE_IMAGE = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { errors { code } } }"


def only_error(response: httpx.Response, *, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    [error] = body["errors"]
    assert error["code"] == code
    found: dict[str, Any] = error
    return found


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/login", DEEP),
        ("/register", '{"username": ' + DEEP + "}"),
        ("/graphql", DEEP),
        ("/graphql", '{"query": "{ __typename }", "variables": {"a": ' + DEEP + "}}"),
    ],
)
async def test_json_nested_thousands_deep_is_malformed(
    client: httpx.AsyncClient, path: str, body: str
) -> None:
    response = await client.post(path, content=body, headers=JSON_HEADERS)
    error = only_error(response, status=400, code="MALFORMED_BODY")
    assert "nested" in error["message"]


async def test_deep_multipart_operations_are_malformed(
    client: httpx.AsyncClient, token: str
) -> None:
    operations = '{"query": "{ __typename }", "variables": ' + DEEP + "}"
    response = await client.post(
        "/graphql",
        headers={"Authorization": f"Bearer {token}"},
        data={"operations": operations, "map": "{}"},
        files={"0": ("a.png", b"png", "image/png")},
    )
    only_error(response, status=400, code="MALFORMED_BODY")


async def test_an_endless_number_in_a_rest_body_is_a_field_error(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    body = '{"username": ' + LONG_NUMBER + ', "email": "a@example.com"}'
    response = await client.post("/register", content=body, headers=JSON_HEADERS)
    error = only_error(response, status=400, code="INVALID")
    assert error["field"] == "username"
    assert mailer.outbox == []


async def test_an_endless_number_in_graphql_variables_is_a_field_error(
    client: httpx.AsyncClient,
) -> None:
    body = (
        '{"query": "query($p: Int!) { users(page: $p) { count } }", "variables": {"p": '
        + LONG_NUMBER
        + "}}"
    )
    response = await client.post("/graphql", content=body, headers=JSON_HEADERS)
    error = only_error(response, status=400, code="INVALID")
    assert error["field"] == "variables.p"


async def test_an_endless_number_literal_in_graphql_is_a_coded_error(
    client: httpx.AsyncClient,
) -> None:
    query = "{ users(page: " + LONG_NUMBER + ") { count } }"
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "INVALID"}
    assert error["locations"] == [{"line": 1, "column": 15}]
    assert LONG_NUMBER not in response.text


@pytest.mark.parametrize(
    ("variables", "files_map"),
    [
        ({"i": {"profileImage": None}}, {"0": ["variables.nothing.here"]}),
        ({"i": "text"}, {"0": ["variables.i.profileImage"]}),
        ({"i": [None]}, {"0": ["variables.i.7"]}),
        ({"i": {"profileImage": None}}, {"0": "variables.i.profileImage"}),
        ({"i": {"profileImage": None}}, {"0": [3]}),
        ({"i": {"profileImage": None}}, {"9": ["variables.i.profileImage"]}),
        ({"i": {"profileImage": None}}, ["variables.i.profileImage"]),
    ],
)
async def test_multipart_maps_to_nowhere_are_malformed(
    client: httpx.AsyncClient, token: str, variables: dict[str, Any], files_map: object
) -> None:
    operations = json.dumps({"query": UPDATE_IMAGE, "variables": variables})
    response = await client.post(
        "/graphql",
        headers={"Authorization": f"Bearer {token}"},
        data={"operations": operations, "map": json.dumps(files_map)},
        files={"0": ("a.png", b"png", "image/png")},
    )
    only_error(response, status=400, code="MALFORMED_BODY")


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _multipart(username: bytes) -> tuple[bytes, dict[str, str]]:
    boundary = "b0undary"
    parts = [
        (b"username", username),
        (b"email", b"alice@example.com"),
    ]
    body = (
        b"".join(
            b'--b0undary\r\nContent-Disposition: form-data; name="'
            + name
            + b'"\r\n\r\n'
            + value
            + b"\r\n"
            for name, value in parts
        )
        + b"--b0undary--\r\n"
    )
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"username=al\xffice&email=alice%40example.com", FORM),
        (b"username=al%FFice&email=a%40example.com", FORM),
        _multipart(b"al\xffice"),
    ],
    ids=["form", "percent-encoded-form", "multipart-text-field"],
)
async def test_a_body_that_is_not_utf8_is_malformed_and_nothing_is_stored(
    client: httpx.AsyncClient, mailer: MemoryMailer, body: bytes, headers: dict[str, str]
) -> None:
    response = await client.post("/register", content=body, headers=headers)
    only_error(response, status=400, code="MALFORMED_BODY")
    assert mailer.outbox == []


async def test_a_raw_utf8_form_reads_as_utf8(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    body = "username=José&email=jose@example.com".encode()
    assert (await client.post("/register", content=body, headers=FORM)).status_code == 200
    assert "José" in mailer.outbox[-1].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert not await User.exists()


async def test_graphql_multipart_operations_that_are_not_utf8_are_malformed(
    client: httpx.AsyncClient, token: str
) -> None:
    operations = (
        b'{"query": "mutation { updateUser(input: {bio: \\"caf\xe9\\"}) { errors { code } } }"}'
    )
    body = (
        b'--b0undary\r\nContent-Disposition: form-data; name="operations"\r\n\r\n'
        + operations
        + b'\r\n--b0undary\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n'
        + b"--b0undary--\r\n"
    )
    response = await client.post(
        "/graphql",
        content=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "multipart/form-data; boundary=b0undary",
        },
    )
    only_error(response, status=400, code="MALFORMED_BODY")
    assert (await User.get(username="alice")).bio is None


async def test_a_utf8_multipart_text_field_reads_as_utf8(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    body, headers = _multipart("José".encode())
    assert (await client.post("/register", content=body, headers=headers)).status_code == 200
    assert "José" in mailer.outbox[-1].get_body(("plain",)).get_content()  # type: ignore[union-attr]


async def test_a_lone_surrogate_in_json_is_malformed(client: httpx.AsyncClient) -> None:
    body = '{"username": "al\\ud800ice", "email": "alice@example.com"}'
    response = await client.post("/register", content=body, headers=JSON_HEADERS)
    only_error(response, status=400, code="MALFORMED_BODY")


async def test_media_types_compare_without_regard_to_case(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        content=b'{"query": "{ __typename }"}',
        headers={"Content-Type": "Application/JSON"},
    )
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_strawberry_transport_refusals_use_the_documented_shape(
    client: httpx.AsyncClient,
) -> None:
    long_name = "x" * 5000
    refusals = [
        await client.get("/graphql", params={"query": "mutation { logout { ok } }"}),
        await client.post("/graphql", json={"query": "{ __typename }", "operationName": long_name}),
        await client.post("/graphql", json={}),
        await client.post("/graphql", content=b"", headers=JSON_HEADERS),
        await client.get("/graphql", headers={"Accept": "application/json"}),
    ]
    for response in refusals:
        error = only_error(response, status=400, code="MALFORMED_BODY")
        assert len(error["message"]) <= 300
        assert response.json()["detail"] == error["message"]
