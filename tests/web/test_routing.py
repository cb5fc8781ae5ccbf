"""Routes found by their exact path answer as Starlette's own loop would."""

from collections.abc import Awaitable, Callable

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from web.middleware import route_by_exact_path


def answering(text: str) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        route = request.scope["route"].path
        return PlainTextResponse(f"{text} {route} {request.path_params}")

    return endpoint


def client(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_a_route_before_a_fixed_path_that_matches_it_still_answers() -> None:
    app = Starlette(
        routes=[
            Route("/users/{name}", answering("any"), methods=["GET"]),
            Route("/users/me", answering("me"), methods=["GET"]),
            Route("/fixed", answering("fixed"), methods=["POST"]),
            Route("/fixed", answering("fixed GET"), methods=["GET"]),
        ]
    )
    route_by_exact_path(app.router)
    async with client(app) as http:
        assert (await http.get("/users/me")).text == "any /users/{name} {'name': 'me'}"
        assert (await http.post("/fixed")).text == "fixed /fixed {}"
        assert (await http.get("/fixed")).text == "fixed GET /fixed {}"
        refused = await http.post("/users/me")
        assert refused.status_code == 405
        assert set(refused.headers["allow"].split(", ")) == {"GET", "HEAD"}
        app.add_route("/later", answering("later"), methods=["GET"])
        assert (await http.get("/later")).text == "later /later {}"
        assert (await http.head("/later")).status_code == 200
