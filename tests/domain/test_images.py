"""Images are recognised by content, bounded, and stored without their metadata."""

import io

import pytest
from PIL import Image

from domain.errors import DomainError, ErrorCode
from domain.images import Upload, clean_image
from tests.images import GPS_IFD, HTML, MAKE, image_bytes, mpo_bytes, png_claiming

LIMITS = {"max_bytes": 5 * 1024 * 1024, "max_pixels": 40_000_000}


@pytest.mark.parametrize(
    ("image_format", "extension"),
    [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp"), ("GIF", "gif")],
)
async def test_the_four_formats_by_content_whatever_the_name(
    image_format: str, extension: str
) -> None:
    upload = Upload(filename="picture.txt", data=image_bytes(image_format))
    clean = await clean_image(upload, field="profile_image", **LIMITS)
    assert clean.extension == extension
    with Image.open(io.BytesIO(clean.data)) as reopened:
        assert reopened.format == image_format
        assert reopened.size == (8, 6)


async def test_a_multi_picture_jpeg_is_stored_as_a_jpeg() -> None:
    clean = await clean_image(Upload(filename="cam.jpg", data=mpo_bytes()), field="f", **LIMITS)
    assert clean.extension == "jpg"
    with Image.open(io.BytesIO(clean.data)) as reopened:
        assert (reopened.format, reopened.size) == ("JPEG", (8, 6))


@pytest.mark.parametrize(
    "data",
    [HTML, b"", image_bytes("BMP"), image_bytes("PNG")[:40], b"GIF89a" + b"\x00" * 20],
    ids=["html", "empty", "bmp", "truncated", "bare-gif-magic"],
)
async def test_anything_else_is_invalid(data: bytes) -> None:
    with pytest.raises(DomainError) as caught:
        await clean_image(Upload(filename="x.png", data=data), field="banner_image", **LIMITS)
    assert [(e.field, e.code) for e in caught.value.errors] == [
        ("banner_image", ErrorCode.INVALID_IMAGE)
    ]


async def test_too_many_bytes() -> None:
    data = image_bytes("PNG")
    with pytest.raises(DomainError) as caught:
        await clean_image(
            Upload(filename="x.png", data=data),
            field="profile_image",
            max_bytes=len(data) - 1,
            max_pixels=LIMITS["max_pixels"],
        )
    assert caught.value.codes == [ErrorCode.IMAGE_TOO_LARGE]


@pytest.mark.parametrize("dimensions", [(8000, 8000), (100_000, 100_000)])
async def test_decompression_bombs_are_refused_before_decoding(
    dimensions: tuple[int, int],
) -> None:
    data = png_claiming(*dimensions)
    assert len(data) < 200
    with pytest.raises(DomainError) as caught:
        await clean_image(Upload(filename="x.png", data=data), field="profile_image", **LIMITS)
    assert caught.value.codes == [ErrorCode.IMAGE_TOO_LARGE]


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
async def test_metadata_is_stripped(image_format: str) -> None:
    original = image_bytes(image_format, exif=True)
    assert b"SecretCam" in original
    clean = await clean_image(Upload(filename="x", data=original), field="profile_image", **LIMITS)
    assert b"SecretCam" not in clean.data
    assert b"not really a profile" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as reopened:
        exif = reopened.getexif()
        assert MAKE not in exif and GPS_IFD not in exif
        assert "icc_profile" not in reopened.info
