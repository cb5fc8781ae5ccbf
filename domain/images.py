"""Uploaded images: recognised by content, bounded, and re-encoded without metadata.

Only PNG, JPEG, WebP and GIF are accepted, whatever the file is called. The byte limit is
checked before decoding and the pixel limit before the pixels are decompressed, so a
small file claiming enormous dimensions (a decompression bomb) costs nothing. Re-encoding
drops EXIF (camera, GPS), XMP, ICC profiles and comments; animated images keep their
first frame.
"""

import io
from dataclasses import dataclass

import anyio.to_thread
from PIL import Image, ImageOps, UnidentifiedImageError

from domain.errors import DomainError, ErrorCode

_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
# Kept through re-encoding: needed to draw the image, not metadata about it.
_KEPT_INFO = ("transparency",)


@dataclass(frozen=True, slots=True)
class Upload:
    """A file as received; ``data`` holds at most the size limit plus one byte."""

    filename: str | None
    data: bytes


@dataclass(frozen=True, slots=True)
class CleanImage:
    data: bytes
    extension: str


async def clean_image(upload: Upload, *, field: str, max_bytes: int, max_pixels: int) -> CleanImage:
    """The re-encoded image, or ``INVALID_IMAGE`` / ``IMAGE_TOO_LARGE`` on ``field``."""
    if not upload.data:
        raise DomainError.single(ErrorCode.INVALID_IMAGE, "The submitted file is empty.", field)
    if len(upload.data) > max_bytes:
        raise _too_large(field, f"The image may be at most {max_bytes} bytes.")
    return await anyio.to_thread.run_sync(_reencode, upload.data, field, max_pixels)


def _reencode(data: bytes, field: str, max_pixels: int) -> CleanImage:
    try:
        with Image.open(io.BytesIO(data), formats=list(_EXTENSIONS)) as image:
            if image.width * image.height > max_pixels:
                raise _too_large(field, f"The image may have at most {max_pixels} pixels.")
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
