import re
import secrets
from collections.abc import Callable
from pathlib import Path

import anyio

from domain.media import MEDIA_PATH, MediaStorage

_KEY = re.compile(r"[0-9a-f]{32}\.(png|jpg|webp|gif)")


class LocalMediaStorage:
    """Served by the app at ``/media/<key>``."""

    def __init__(self, *, root: Path) -> None:
        self.root = root

    @property
    def served_directory(self) -> Path:
        return self.root

    async def save(self, *, key: str, data: bytes) -> None:
        path = self._path(key)
        if await path.is_file():
            return
        await path.parent.mkdir(parents=True, exist_ok=True)
        # One partial file per writer: two requests storing one key never write into the same.
        partial = path.with_name(f".{key}.{secrets.token_hex(8)}.partial")
        try:
            await partial.write_bytes(data)
            await partial.rename(path)  # readers never see half a file
        finally:
            await partial.unlink(missing_ok=True)

    async def holds(self, key: str) -> bool:
        return bool(_KEY.fullmatch(key)) and await anyio.Path(self.root, key).is_file()

    async def delete(self, key: str) -> None:
        if _KEY.fullmatch(key):
            await anyio.Path(self.root, key).unlink(missing_ok=True)

    def urls(self, *, base_url: str) -> Callable[[str], str]:
        return self.url_prefix(base_url=base_url).__add__

    def url_prefix(self, *, base_url: str) -> str:
        return f"{base_url.rstrip('/')}{MEDIA_PATH}/"

    def _path(self, key: str) -> anyio.Path:
        if not _KEY.fullmatch(key):
            raise ValueError("not a media key")
        return anyio.Path(self.root, key)


def build_storage(*, root: Path) -> MediaStorage:
    return LocalMediaStorage(root=root)
