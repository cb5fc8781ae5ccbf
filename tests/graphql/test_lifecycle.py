"""The account-lifecycle mutations through ``schema.execute``: payloads and their errors."""

import io

import pytest
from starlette.datastructures import UploadFile

from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from models import User
from tests.conftest import deliver
from tests.factories import PASSWORD, code_in, make_user
from tests.graphql.helpers import BASE_URL, execute, refused_update
from tests.images import HTML, image_bytes

pytestmark = pytest.mark.usefixtures("db")
NEW_PASSWORD = "a brand new passphrase of mine"

REQUEST_RESET = "mutation($e: String!) { requestPasswordReset(email: $e) { __typename ok errors { field code } } }"
RESET = "mutation($c: String!, $p: String!) { resetPassword(verificationCode: $c, password: $p) { __typename ok errors { field code } } }"
UPDATE = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { __typename user { id username email bio website profileImage bannerImage } errors { field code } } }"
CHANGE = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { __typename ok errors { field code } } }"
DELETE = (
    "mutation($p: String!) { deleteAccount(password: $p) { __typename ok errors { field code } } }"
)
LOGOUT_ALL = "mutation { logoutAll { __typename ok errors { field code } } }"


def upload(name: str, data: bytes) -> UploadFile:
    return UploadFile(io.BytesIO(data), filename=name)


async def test_request_and_reset(composition: Composition, mailer: MemoryMailer) -> None:
    await make_user(composition, username="ann", email="ann@example.com")
    token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    for email in ("ann@example.com", "nobody@example.com"):
        result = await execute(composition, REQUEST_RESET, e=email)
        assert result.data["requestPasswordReset"] == {
            "__typename": "RequestPasswordResetPayload",
            "ok": True,
            "errors": [],
        }
    assert await deliver(composition) == 2  # the code, and a notice to the other address
    code = code_in(mailer.outbox[0])
    result = await execute(composition, RESET, c=code, p="short")
    assert result.data["resetPassword"]["errors"] == [
        {"field": "password", "code": "PASSWORD_TOO_SHORT"}
    ]
    result = await execute(composition, RESET, c=code, p=NEW_PASSWORD)
    assert result.data["resetPassword"] == {
        "__typename": "ResetPasswordPayload",
        "ok": True,
        "errors": [],
    }
    assert await composition.rules.sessions.authenticate(token) is None
    result = await execute(composition, RESET, c=code, p=NEW_PASSWORD)
    assert result.data["resetPassword"] == {
        "__typename": "ResetPasswordPayload",
        "ok": False,
        "errors": [{"field": "verificationCode", "code": "INVALID_CODE"}],
    }
    result = await execute(composition, REQUEST_RESET, e="not an email")
    assert result.data["requestPasswordReset"]["errors"] == [
        {"field": "email", "code": "INVALID_EMAIL"}
    ]


async def test_update_user_with_uploads(composition: Composition) -> None:
    user = await make_user(composition, username="ann", email="ann@example.com")
    token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    result = await execute(
        composition,
        UPDATE,
        token,
        i={
            "username": "Annie",
            "bio": "hello",
            "website": "https://ann.example/",
            "profileImage": upload("me.jpg", image_bytes("PNG")),
            "bannerImage": upload("banner", image_bytes("GIF")),
        },
    )
    assert result.errors is None
    payload = result.data["updateUser"]
    assert payload["__typename"] == "UpdateUserPayload" and payload["errors"] == []
    stored = await User.get(id=user.id)
    assert payload["user"] == {
        "id": user.id,
        "username": "Annie",
        "email": "ann@example.com",
        "bio": "hello",
        "website": "https://ann.example/",
        "profileImage": f"{BASE_URL}media/{stored.profile_image}",
        "bannerImage": f"{BASE_URL}media/{stored.banner_image}",
    }
    assert str(stored.profile_image).endswith(".png")
    assert str(stored.banner_image).endswith(".gif")


async def test_update_user_errors(composition: Composition) -> None:
    await make_user(composition, username="ann")
    await make_user(composition, username="bob")
    token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    refused = {
        "username": "BOB",
        "website": "javascript:alert(1)",
        "profileImage": upload("x.png", HTML),
    }
    result = await execute(composition, UPDATE, token, i=refused)
    assert result.data["updateUser"] == refused_update(
        ("input.username", "USERNAME_TAKEN"),
        ("input.website", "INVALID_URL"),
        ("input.profileImage", "INVALID_IMAGE"),
    )
    anonymous = await execute(composition, UPDATE, i={"bio": "x"})
    assert anonymous.data["updateUser"]["errors"] == [{"field": None, "code": "UNAUTHENTICATED"}]


async def test_change_password_delete_and_logout_all(composition: Composition) -> None:
    await make_user(composition, username="ann")
    token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    other = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    result = await execute(composition, CHANGE, token, c="wrong wrong wrong", n=NEW_PASSWORD)
    assert result.data["changePassword"]["errors"] == [
        {"field": "currentPassword", "code": "INVALID_PASSWORD"}
    ]
    result = await execute(composition, CHANGE, token, c=PASSWORD, n=NEW_PASSWORD)
    assert result.data["changePassword"] == {
        "__typename": "ChangePasswordPayload",
        "ok": True,
        "errors": [],
    }
    assert (
        await composition.rules.sessions.authenticate(other) is None
        and await composition.rules.sessions.authenticate(token) is not None
    )

    other = await composition.rules.sessions.login(username="ann", password=NEW_PASSWORD)
    result = await execute(composition, LOGOUT_ALL, token)
    assert result.data["logoutAll"] == {"__typename": "LogoutAllPayload", "ok": True, "errors": []}
    assert (
        await composition.rules.sessions.authenticate(other) is None
        and await composition.rules.sessions.authenticate(token) is None
    )

    token = await composition.rules.sessions.login(username="ann", password=NEW_PASSWORD)
    result = await execute(composition, DELETE, token, p=PASSWORD)
    assert result.data["deleteAccount"]["errors"] == [
        {"field": "password", "code": "INVALID_PASSWORD"}
    ]
    result = await execute(composition, DELETE, token, p=NEW_PASSWORD)
    assert result.data["deleteAccount"] == {
        "__typename": "DeleteAccountPayload",
        "ok": True,
        "errors": [],
    }
    assert await composition.rules.sessions.authenticate(token) is None


@pytest.mark.parametrize(
    ("query", "variables", "name"),
    [
        (CHANGE, {"c": PASSWORD, "n": NEW_PASSWORD}, "changePassword"),
        (DELETE, {"p": PASSWORD}, "deleteAccount"),
        (LOGOUT_ALL, {}, "logoutAll"),
    ],
)
async def test_signed_in_mutations_need_a_session(
    composition: Composition, query: str, variables: dict[str, str], name: str
) -> None:
    result = await execute(composition, query, "not-a-token", **variables)
    assert result.data[name]["ok"] is False
    assert result.data[name]["errors"] == [{"field": None, "code": "UNAUTHENTICATED"}]
