"""A client that leaves mid-request is its own doing: counted apart, one line, no traceback."""

import logging

import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import Message, Scope

from adapters.composition import Composition
from main import create_app
from tests.http.helpers import sample

pytestmark = pytest.mark.usefixtures("db")

LEFT = "client closed the connection before its request was read"


def post_scope(path: str) -> Scope:
    headers = [
        (b"host", b"testserver"),
        (b"content-type", b"application/json"),
        (b"content-length", b"1000"),
    ]
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("203.0.113.7", 40000),
        "server": ("testserver", 80),
        "state": {},
    }


async def leave_mid_body(app: Starlette, path: str) -> list[Message]:
    """POST 16 of 1,000 announced bytes to ``path``, then close; what the app sent."""
    incoming: list[Message] = [
        {"type": "http.request", "body": b'{"username": "al', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0) if len(incoming) > 1 else incoming[0]

    async def send(message: Message) -> None:
        sent.append(message)

    await app(post_scope(path), receive, send)
    return sent


@pytest.mark.parametrize("path", ["/login", "/register", "/graphql"])
async def test_a_client_closing_mid_body_is_one_info_line_and_status_499(
    composition: Composition, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    caplog.set_level(logging.INFO)
    app = create_app(composition.settings, composition=composition, manage_orm=False)
    sent = await leave_mid_body(app, path)
    assert sent == []  # nobody is there to read an answer
    assert [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info] == []
    (line,) = [record for record in caplog.records if record.name == "flowback.errors"]
    assert (line.levelno, line.getMessage()) == (logging.INFO, LEFT)
    access = [record for record in caplog.records if record.name == "flowback.access"]
    assert [record.__dict__["status"] for record in access] == [499]


async def test_metrics_count_a_client_that_left_under_499_and_not_as_an_error(
    composition: Composition,
) -> None:
    app = create_app(composition.settings, composition=composition, manage_orm=False)
    await leave_mid_body(app, "/login")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        metrics = (await client.get("/metrics")).text
    requests = "flowback_http_requests_total"
    assert sample(metrics, requests, method="POST", route="/login", status="499") == 1
    assert sample(metrics, requests, method="POST", route="/login", status="500") == 0
    assert sample(metrics, "flowback_errors_total", code="INTERNAL_ERROR", transport="rest") == 0
