"""Starlette's routing, with the routes of fixed paths found by one dict lookup.

Starlette tries each route's pattern in order until one matches: fifteen regular
expressions before ``/users``, on every request. A route whose path has no parameters and
that no route before it can match is found by its path instead; anything else (a path with
parameters, a mount, a method the route does not take: 405, an application mounted under a
``root_path``) goes through Starlette's loop,
so every answer is the one Starlette would give.
"""

from collections.abc import Sequence

from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send


class ExactPaths:
    """The router's app, with the fast path above; ``routes`` is read again when it grows."""

    def __init__(self, router: Router) -> None:
        self.router = router
        self.app: ASGIApp = router.middleware_stack
        self.indexed = -1
        self.by_path: dict[str, Route] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            routes = self.router.routes
            if len(routes) != self.indexed:
                self.by_path = _first_matches(routes)
                self.indexed = len(routes)
            route = self.by_path.get(scope["path"])
            if route is not None and scope["method"] in (route.methods or ()):
                scope.setdefault("router", self.router)
                scope["route"] = route
                scope["endpoint"] = route.endpoint
                scope["path_params"] = dict(scope.get("path_params", {}))
                await route.handle(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _first_matches(routes: Sequence[BaseRoute]) -> dict[str, Route]:
    """Each parameterless route's path, when no route before it matches that path."""
    found: dict[str, Route] = {}
    for position, route in enumerate(routes):
        if not isinstance(route, Route) or route.param_convertors or not route.methods:
            continue
        probe = {"type": "http", "path": route.path, "root_path": "", "method": "GET"}
        earlier = routes[:position]
        if not any(other.matches(probe)[0] is not Match.NONE for other in earlier):
            found[route.path] = route
    return found


def route_by_exact_path(router: Router) -> None:
    """Give ``router`` the fast path (``ExactPaths``)."""
    router.middleware_stack = ExactPaths(router)
