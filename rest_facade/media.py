from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.media import MEDIA_PATH, MediaStorage
from rest_facade.app_state import rules_of


def media_routes(storage: MediaStorage) -> list[BaseRoute]:
    """For a local directory; another storage serves its own URLs."""
    directory = storage.served_directory
    if directory is None:
        return []
    files = _MediaFiles(directory=directory, check_dir=False, follow_symlink=False)
    return [Mount(MEDIA_PATH, app=_NoSniffHeaders(files), name="media")]


def image_url_maker(request: Request, *, base_url: str) -> Callable[[str | None], str | None]:
    """None for no image."""
    url_of = image_urls(request, base_url=base_url)
    return lambda key: None if key is None else url_of(key)


def image_urls(request: Request, *, base_url: str) -> Callable[[str], str]:
    """Stored image key → its absolute URL under ``base_url``."""
    return rules_of(request).media.urls(base_url=base_url)


class _MediaFiles(StaticFiles):
    async def check_config(self) -> None:
        """The directory appears with the first upload; until then every file is 404."""


class _NoSniffHeaders:
    """Uploads are re-encoded images, but browsers are told not to guess otherwise."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
            await send(message)

        await self.app(scope, receive, send_with_headers)
