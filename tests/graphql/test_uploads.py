"""Issue 22 item 2: multipart bodies on ``/graphql`` are read only for a live session, their
text is capped to the JSON limit, and only so many are read at once."""

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from adapters.composition import compose
from adapters.mailers import MemoryMailer
from tests.abuse.conftest import app_client, small_settings
from tests.http.helpers import signed_up
from tests.images import image_bytes

pytestmark = pytest.mark.usefixtures("db")

BOUNDARY = "b0undary"
MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
UPDATE = (
    "mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { profileImage } "
    "errors { code } } }"
)


def part(name: str, value: bytes, *, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + value + b"\r\n"


def upload_body(*, padding: int = 0) -> list[bytes]:
    """An ``updateUser`` upload of one image, as chunks; ``padding`` spaces in ``map``."""
    operations = json.dumps({"query": UPDATE, "variables": {"i": {"profileImage": None}}})
    files_map = json.dumps({"0": ["variables.i.profileImage"]}) + " " * padding
    return [
        part("operations", operations.encode()),
        part("map", files_map.encode()),
        part("0", image_bytes("PNG", size=(8, 8)), filename="me.png"),
        f"--{BOUNDARY}--\r\n".encode(),
    ]


async def streamed(
    chunks: list[bytes], read: list[int], gate: "Gate | None" = None
) -> AsyncIterator[bytes]:
    """``chunks``, each noted in ``read`` when the server takes it; the first taken sets
    ``gate.taken``, then waits for ``gate``."""
    for index, chunk in enumerate(chunks):
        read.append(len(chunk))
        yield chunk
        if index == 0 and gate is not None:
            gate.taken.set()
            await gate.wait()


class Gate(asyncio.Event):
    """Holds a streamed body after its first chunk; ``taken`` says it got there."""

    def __init__(self) -> None:
        super().__init__()
        self.taken = asyncio.Event()


def refusal(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert [error["code"] for error in body["errors"]] == [code]
    assert body["detail"]


async def test_a_token_that_is_no_session_is_refused_before_the_body_is_read(
    client: httpx.AsyncClient, token: str
) -> None:
    read: list[int] = []
    response = await client.post(
        "/graphql",
        content=streamed(upload_body(), read),
        headers=MULTIPART | {"Authorization": "x"},
    )
    refusal(response, 401, "INVALID_TOKEN")
    assert read == []
    # The same body from a live session is read and runs.
    response = await client.post(
        "/graphql",
        content=streamed(upload_body(), read),
        headers=MULTIPART | {"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["updateUser"]
    assert payload["errors"] == [] and payload["user"]["profileImage"].endswith(".png")
    assert len(read) == 4


async def test_text_parts_over_the_json_limit_in_all_are_413(
    client: httpx.AsyncClient, token: str
) -> None:
    # Each part alone is well under the limit (64 KiB); together they are over it.
    body = upload_body(padding=40 * 1024)
    body.insert(0, part("note", b" " * 30 * 1024))
    response = await client.post(
        "/graphql", content=b"".join(body), headers=MULTIPART | {"Authorization": f"Bearer {token}"}
    )
    refusal(response, 413, "PAYLOAD_TOO_LARGE")
    assert "65536" in response.json()["detail"]


async def test_uploads_beyond_those_read_at_once_wait_then_are_503() -> None:
    mailer = MemoryMailer()
    composition = compose(
        small_settings(graphql_uploads_at_once=1, graphql_upload_wait_seconds=0.2),
        mailer=mailer,
    )
    async with app_client(composition) as client:
        token = await signed_up(client, mailer)
        headers = MULTIPART | {"Authorization": f"Bearer {token}"}
        gate = Gate()
        first = asyncio.create_task(
            client.post("/graphql", content=streamed(upload_body(), [], gate), headers=headers)
        )
        await gate.taken.wait()
        second = await client.post("/graphql", content=b"".join(upload_body()), headers=headers)
        refusal(second, 503, "SERVICE_UNAVAILABLE")
        assert second.headers["retry-after"]
        gate.set()
        assert (await first).status_code == 200
        third = await client.post("/graphql", content=b"".join(upload_body()), headers=headers)
    assert third.status_code == 200, third.text
