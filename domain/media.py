"""Where uploaded media lives, as the rules see it: a storage port (``adapters.media_storage``
holds its local-directory form).

Keys are random names chosen by the storage (never the uploader's file name), so a key
reveals nothing and cannot climb out of the storage root.
"""

from pathlib import Path
from typing import Protocol

MEDIA_PATH = "/media"


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

    @property
    def served_directory(self) -> Path | None:
        """The directory the app serves at ``MEDIA_PATH``, or None when the storage serves
        its own URLs."""
        ...
