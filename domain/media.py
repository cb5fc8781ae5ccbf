"""The media storage port; keys are 32 hex digits and an extension chosen by the rules, and
a key always holds the same bytes."""

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

MEDIA_PATH = "/media"


class MediaStorage(Protocol):
    async def save(self, *, key: str, data: bytes) -> None:
        """A key already stored is kept (it names its content); no reader sees part of a file."""
        ...

    async def holds(self, key: str) -> bool: ...

    async def delete(self, key: str) -> None:
        """A key already gone is not an error."""
        ...

    def urls(self, *, base_url: str) -> Callable[[str], str]:
        """The URL of each key, for clients that reach the service at ``base_url``; made once
        per answer, called for each image in it."""
        ...

    def url_prefix(self, *, base_url: str) -> str | None:
        """What every key's URL is, followed by the key, if there is such a text (then the
        database can write the URLs of a page); None when URLs are made otherwise."""
        ...

    @property
    def served_directory(self) -> Path | None:
        """What the app serves at ``MEDIA_PATH``; None when the storage serves its own URLs."""
        ...
