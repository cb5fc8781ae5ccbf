"""Image files for upload tests, made in memory."""

import io
import random
import struct
import zlib

from PIL import Image

GPS_IFD = 0x8825
MAKE = 0x010F


def image_bytes(image_format: str, *, size: tuple[int, int] = (8, 6), exif: bool = False) -> bytes:
    mode = "P" if image_format == "GIF" else "RGB"
    image = Image.new(mode, size, color=3 if mode == "P" else (200, 30, 30))
    output = io.BytesIO()
    options: dict[str, object] = {}
    if exif:
        tags = Image.Exif()
        tags[MAKE] = "SecretCam"
        tags[GPS_IFD] = {2: (59.0, 19.0, 42.0)}
        options["exif"] = tags.tobytes()
        options["icc_profile"] = b"not really a profile"
    image.save(output, format=image_format, **options)
    return output.getvalue()


def mpo_bytes() -> bytes:
    """A multi-picture JPEG, as some cameras write: Pillow opens it as format MPO."""
    first, second = Image.new("RGB", (8, 6)), Image.new("RGB", (8, 6), color=(0, 0, 255))
    output = io.BytesIO()
    first.save(output, format="MPO", save_all=True, append_images=[second])
    return output.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def noisy_image_bytes(
    image_format: str, *, seed: int = 1, size: tuple[int, int] = (48, 32)
) -> bytes:
    """A photo-like image: random pixels, which JPEG and WebP re-encode to different bytes
    each time (a plain colour survives re-encoding unchanged)."""
    width, height = size
    pixels = random.Random(seed).randbytes(width * height * 3)
    image = Image.frombytes("RGB", size, pixels)
    output = io.BytesIO()
    image.save(output, format=image_format)
    return output.getvalue()
