"""The OpenAPI documents as client generators read them: a stable camelCase operationId and
tags on every operation, servers, every error body typed alike, and examples that are real
answers: each holds to its schema and has the shape of the answer the call gives."""

from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest

from adapters.composition import compose
from adapters.mailers import MemoryMailer
from config.settings import Settings
from rest_facade.openapi import TAGS, document_for
from tests.conftest import asgi_client
from tests.factories import PASSWORD, code_in
from tests.images import image_bytes

DIALECTS = ["document", "flowback-backend"]


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [operation for item in document["paths"].values() for operation in item.values()]


def _validator(document: dict[str, Any], name: str) -> Any:
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return jsonschema_rs.Draft202012Validator(schema)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_operation_has_a_camel_case_id_and_known_tags(dialect: str) -> None:
    document = document_for(dialect)
    ids = [operation["operationId"] for operation in _operations(document)]
    assert len(ids) == len(set(ids)) == len(_operations(document))
    assert all(name[0].islower() and name.isalnum() for name in ids)
    assert [tag["name"] for tag in document["tags"]] == list(TAGS)
    assert all(
        operation["tags"] and set(operation["tags"]) <= set(TAGS)
        for operation in _operations(document)
    )
    assert document["servers"][0]["url"] == "/"


def test_the_operation_ids_are_the_same_in_both_dialects_and_stay() -> None:
    """Generated clients name their methods after these: renaming one breaks them."""
    ids = {
        dialect: {
            (path, method): operation["operationId"]
            for path, item in document_for(dialect)["paths"].items()
            for method, operation in item.items()
        }
        for dialect in DIALECTS
    }
    assert ids["document"] == ids["flowback-backend"]
    assert ids["document"][("/register/verify", "post")] == "verifyRegistration"
    assert ids["document"][("/users", "get")] == "listUsers"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_error_body_is_typed_alike(dialect: str) -> None:
    document = document_for(dialect)
    schemas = document["components"]["schemas"]
    error = {"Error", "OAuthError"}  # the RFC 7662 call answers OAuth's own error body
    for operation in _operations(document):
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            name = response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
            assert name in error | {"InternalError"}, (operation["operationId"], status)
    if dialect == "document":
        assert set(schemas["Error"]["properties"]) <= set(schemas["InternalError"]["properties"])
    assert schemas["InternalError"]["properties"]["errors"]["items"] == {
        "$ref": "#/components/schemas/FieldError"
    }


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_example_holds_to_its_schema(dialect: str) -> None:
    document = document_for(dialect)
    examples = [
        (name, example)
        for name, schema in document["components"]["schemas"].items()
        for example in schema.get("examples", ())
    ]
    assert {"Detail", "Token", "User", "UserPage", "Error", "InternalError"} <= {
        name for name, _ in examples
    }
    for name, example in examples:
        errors = [error.message for error in _validator(document, name).iter_errors(example)]
        assert errors == [], (name, example)


def _shape(value: Any) -> Any:
    """What a client's types see of a JSON value: keys, item shapes and value types."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


async def _real_answers(client: httpx.AsyncClient, mailer: MemoryMailer) -> dict[str, Any]:
    """The answers the examples were recorded from: Alice with a picture, a bio, a website
    and settings, Bob as he signed up; each keyed by the schema that declares it."""
    answers: dict[str, Any] = {}
    for name in ("alice", "bob"):
        registered = await client.post(
            "/register", data={"username": name, "email": f"{name}@example.com"}
        )
        answers["Detail"] = registered.json()
        code = code_in(mailer.outbox[-1])
        verify = {"verification_code": code, "password": PASSWORD}
        answers.setdefault(
            "CreatedUser", (await client.post("/register/verify", data=verify)).json()
        )
    login = await client.post("/login", data={"username": "alice", "password": PASSWORD})
    answers["Token"] = login.json()
    auth = {"Authorization": f"Token {answers['Token']['token']}"}
    fields = {
        "bio": "Builds things.",
        "website": "https://alice.example",
        "user_config": '{"lang":"sv"}',
    }
    files = {"profile_image": ("me.png", image_bytes("PNG"), "image/png")}
    answers["User"] = (
        await client.post("/user/update", data=fields, files=files, headers=auth)
    ).json()
    answers["UserPage"] = (await client.get("/users", params={"limit": 2}, headers=auth)).json()
    answers["Sessions"] = (await client.get("/user/sessions", headers=auth)).json()
    wrong = {"current_password": "x", "new_password": "y"}
    refused = await client.post("/user/password", data=wrong, headers=auth)
    bad = await client.post("/register", data={"username": "bad name", "email": "nope"})
    answers["Error"] = (refused if "errors" not in refused.json() else bad).json()
    return answers


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize("dialect", DIALECTS)
async def test_the_examples_are_the_answers_the_calls_give(
    tmp_path: Path, mailer: MemoryMailer, dialect: str
) -> None:
    settings = Settings(
        _env_file=None,
        email_backend="memory",
        bcrypt_rounds=4,
        rest_dialect=dialect,
        media_root=tmp_path,
        public_url="https://users.flowback.example",
    )
    async with asgi_client(compose(settings, mailer=mailer)) as client:
        answers = await _real_answers(client, mailer)
    document = document_for(dialect)
    for name, answer in answers.items():
        schema = document["components"]["schemas"][name]
        assert _validator(document, name).is_valid(answer), (name, answer)
        for example in schema.get("examples", ()):
            assert _shape(example) == _shape(answer), name
