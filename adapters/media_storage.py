"""Uploaded media as files in one local directory, served by the app at ``/media/<key>``."""

import re
import secrets
from pathlib import Path

import anyio

from domain.media import MEDIA_PATH, MediaStorage

_KEY = re.compile(r"[0-9a-f]{32}\.(png|jpg|webp|gif)")


class LocalMediaStorage:
    """Files in one directory, served by the app at ``/media/<key>``."""

    def __init__(self, *, root: Path) -> None:
        self.root = root

    @property
    def served_directory(self) -> Path:
        return self.root

    async def save(self, *, data: bytes, extension: str) -> str:
        key = f"{secrets.token_hex(16)}.{extension}"
        root = anyio.Path(self.root)
        await root.mkdir(parents=True, exist_ok=True)
        partial = root / f".{key}.partial"
        await partial.write_bytes(data)
        await partial.rename(root / key)  # readers never see half a file
        return key

    async def delete(self, key: str) -> None:
        if _KEY.fullmatch(key):
            await anyio.Path(self.root, key).unlink(missing_ok=True)

    def url(self, key: str, *, base_url: str) -> str:
        return f"{base_url.rstrip('/')}{MEDIA_PATH}/{key}"


def build_storage(*, root: Path) -> MediaStorage:
    return LocalMediaStorage(root=root)
