"""Where uploaded media lives, as the rules see it: a storage port (``adapters.media_storage``
holds its local-directory form).

Keys are chosen by the rules (``domain.pictures``), never from the uploader's file name: 32
lowercase hex digits and an image extension, so a key cannot climb out of the storage root.
A key names its content: the same key always holds the same bytes.
"""

from pathlib import Path
from typing import Protocol

MEDIA_PATH = "/media"


class MediaStorage(Protocol):
    """Stores blobs under keys the rules choose and says where clients fetch them."""

    async def save(self, *, key: str, data: bytes) -> None:
        """Store ``data`` under ``key``, unless ``key`` is already stored (a key names its
        content). Readers never see part of a file."""
        ...

    async def holds(self, key: str) -> bool:
        """Whether ``key`` is stored."""
        ...

    async def delete(self, key: str) -> None:
        """Remove ``key``; a key that is already gone is not an error."""
        ...

    def url(self, key: str, *, base_url: str) -> str:
        """The absolute URL of ``key``; ``base_url`` is where clients reach the service."""
        ...

    @property
    def served_directory(self) -> Path | None:
        """The directory the app serves at ``MEDIA_PATH``, or None when the storage serves
        its own URLs."""
        ...
