"""Uploads recognised by content, bounded before decoding, re-encoded without metadata
(docs/security.md#images)."""

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
    """``max_pixels`` at Pillow's widest pixel, twice: the decoded image and re-encoding's copy."""
    return max_pixels * BYTES_PER_PIXEL * WORKING_COPIES


def pixel_limit(image_format: str, max_pixels: int) -> int:
    """WebP's codec needs about four times the memory, so it gets a quarter of the pixels."""
    return max_pixels // _FORMAT_COST.get(image_format, 1)


class DecodeSlots:
    """anyio's limiter belongs to one event loop, so each loop gets its own on first use and
    nothing is made before the loop starts."""

    def __init__(self, *, concurrency: int) -> None:
        self.concurrency = concurrency
        self._limiters: WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
            WeakKeyDictionary()
        )

    def limiter(self) -> anyio.CapacityLimiter:
        loop = asyncio.get_running_loop()
        limiter = self._limiters.get(loop)
        if limiter is None:
            limiter = self._limiters[loop] = anyio.CapacityLimiter(self.concurrency)
        return limiter


@dataclass(frozen=True, slots=True)
class Upload:
    # This docstring is the upload's description in the OpenAPI documents.
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
    """``INVALID_IMAGE`` / ``IMAGE_TOO_LARGE`` on ``field``; the result fits ``max_bytes`` too, so
    whatever is stored can be uploaded again."""
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
    """From the first bytes alone (nothing decoded); None for anything else."""
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
