"""Every path answers with and without a trailing slash, without a redirect.

Clients written for Django (the Flowback web app posts to ``login/`` in some versions) add
the slash; a redirect would turn their POST into a second request, which browsers refuse for
cross-origin preflighted calls. So ``/login/`` is served as ``/login`` itself.
"""

from starlette.types import ASGIApp, Receive, Scope, Send


class TrailingSlashMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and len(path) > 1 and path.endswith("/"):
            # In place: the middleware outside reads the matched route from this scope.
            scope["path"] = path.rstrip("/") or "/"
            raw_path = scope.get("raw_path")
            if raw_path:
                scope["raw_path"] = raw_path.rstrip(b"/") or b"/"
        await self.app(scope, receive, send)
