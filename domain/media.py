"""Where uploaded media lives: a small storage interface and its local-directory form.

Keys are random names chosen by the service (never the uploader's file name), so a key
reveals nothing and cannot climb out of the storage root.
"""

import re
import secrets
from pathlib import Path
from typing import Protocol

import anyio

MEDIA_PATH = "/media"
_KEY = re.compile(r"[0-9a-f]{32}\.(png|jpg|webp|gif)")


class MediaStorage(Protocol):
    """Stores blobs under keys it chooses and says where clients fetch them."""

    async def save(self, *, data: bytes, extension: str) -> str:
        """Store ``data`` under a new random key ending in ``.extension``; return the key."""
        ...

    async def delete(self, key: str) -> None:
        """Remove ``key``; a key that is already gone is not an error."""
        ...

    def url(self, key: str, *, base_url: str) -> str:
        """The absolute URL of ``key``; ``base_url`` is where clients reach the service."""
        ...


class LocalMediaStorage:
    """Files in one directory, served by the app at ``/media/<key>``."""

    def __init__(self, *, root: Path) -> None:
        self.root = root

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
