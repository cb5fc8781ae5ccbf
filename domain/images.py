"""Uploaded images: recognised by content, bounded, and re-encoded without metadata.

Only PNG, JPEG, WebP and GIF are accepted, whatever the file is called. The byte limit is
checked before decoding and the pixel limit before the pixels are decompressed, so a
small file claiming enormous dimensions (a decompression bomb) costs nothing. Re-encoding
drops EXIF (camera, GPS), XMP, ICC profiles and comments; animated images keep their
first frame.

Memory is bounded too. At most ``concurrency`` images are decoded at once (``DecodeSlots``),
and each decode's working memory stays within ``decode_budget_bytes(max_pixels)``: the
decoded image at Pillow's widest pixel (4 bytes) and the one copy re-encoding makes. WebP's
decoder and encoder need about four times that, so a WebP image may have a quarter of the
pixels. One process's image work therefore holds at most ``concurrency`` budgets at once.
"""

import asyncio
import io
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import anyio
import anyio.to_thread
from PIL import Image, ImageOps, UnidentifiedImageError

from domain.errors import DomainError, ErrorCode

_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
# Kept through re-encoding: needed to draw the image, not metadata about it.
_KEPT_INFO = ("transparency",)
#: Bytes of one decoded pixel in Pillow's widest modes (RGB and RGBA are stored in 4).
BYTES_PER_PIXEL = 4
#: The decoded image and the copy re-encoding makes (measured: peak RSS is 2x the pixels).
WORKING_COPIES = 2
#: How many budgets' worth a format needs per pixel beyond that (measured for WebP: ~7x).
_FORMAT_COST = {"WEBP": 4}


def decode_budget_bytes(max_pixels: int) -> int:
    """The most memory one decode may hold: ``max_pixels`` decoded, twice."""
    return max_pixels * BYTES_PER_PIXEL * WORKING_COPIES


def pixel_limit(image_format: str, max_pixels: int) -> int:
    """The most pixels an image of ``image_format`` may have within the decode budget."""
    return max_pixels // _FORMAT_COST.get(image_format, 1)


class DecodeSlots:
    """At most ``concurrency`` images decoded at once, in threads off the event loop.

    anyio's limiter belongs to the event loop that uses it, so each loop gets its own on
    first use (a server process runs one loop; tests run one per test). Nothing is made
    at import or construction, so services built before the loop starts work.
    """

    def __init__(self, *, concurrency: int) -> None:
        self.concurrency = concurrency
        self._limiters: WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
            WeakKeyDictionary()
        )

    def limiter(self) -> anyio.CapacityLimiter:
        """This event loop's limiter."""
        loop = asyncio.get_running_loop()
        limiter = self._limiters.get(loop)
        if limiter is None:
            limiter = self._limiters[loop] = anyio.CapacityLimiter(self.concurrency)
        return limiter


@dataclass(frozen=True, slots=True)
class Upload:
    """A file as received; ``data`` holds at most the size limit plus one byte."""

    filename: str | None
    data: bytes


@dataclass(frozen=True, slots=True)
class CleanImage:
    data: bytes
    extension: str


async def clean_image(
    upload: Upload, *, field: str, max_bytes: int, max_pixels: int, slots: DecodeSlots
) -> CleanImage:
    """The re-encoded image, or ``INVALID_IMAGE`` / ``IMAGE_TOO_LARGE`` on ``field``.

    The re-encoded image is at most ``max_bytes`` too, so whatever is stored can be uploaded
    again (the Flowback web app uploads the pictures it shows on every save). The decode
    waits for one of ``slots``; a request that gives up meanwhile frees its place.
    """
    if not upload.data:
        raise DomainError.single(ErrorCode.INVALID_IMAGE, "The submitted file is empty.", field)
    if len(upload.data) > max_bytes:
        raise _too_large(field, f"The image may be at most {max_bytes} bytes.")
    clean = await anyio.to_thread.run_sync(
        _reencode, upload.data, field, max_pixels, limiter=slots.limiter()
    )
    if len(clean.data) > max_bytes:
        raise _too_large(field, f"The image, re-encoded, may be at most {max_bytes} bytes.")
    return clean


def stored_extension(data: bytes) -> str | None:
    """The extension a cleaned image of ``data``'s format is stored under, read from its first
    bytes alone (nothing is decoded); None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _reencode(data: bytes, field: str, max_pixels: int) -> CleanImage:
    try:
        with Image.open(io.BytesIO(data), formats=list(_EXTENSIONS)) as image:
            limit = pixel_limit(str(image.format), max_pixels)
            if image.width * image.height > limit:
                kind = "A WebP image" if image.format == "WEBP" else "The image"
                raise _too_large(field, f"{kind} may have at most {limit} pixels.")
            # A multi-picture JPEG (MPO, from some cameras) is a JPEG; its first picture is kept.
            image_format = "JPEG" if image.format == "MPO" else str(image.format)
            image.seek(0)
            image.load()
            clean = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large(field, f"The image may have at most {max_pixels} pixels.") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise DomainError.single(
            ErrorCode.INVALID_IMAGE,
            "Upload a valid PNG, JPEG, WebP or GIF image.",
            field,
        ) from None
    clean.info = {key: clean.info[key] for key in _KEPT_INFO if key in clean.info}
    if image_format == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    output = io.BytesIO()
    clean.save(output, format=image_format)
    return CleanImage(data=output.getvalue(), extension=_EXTENSIONS[image_format])


def _too_large(field: str, message: str) -> DomainError:
    return DomainError.single(ErrorCode.IMAGE_TOO_LARGE, message, field)
