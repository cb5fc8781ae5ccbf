"""Images are recognised by content, bounded, and stored without their metadata."""

import io
import threading
from typing import Any

import anyio
import anyio.to_thread
import pytest
from PIL import Image

from domain import images
from domain.errors import DomainError, ErrorCode
from domain.images import CleanImage, DecodeSlots, Upload, clean_image, decode_budget_bytes
from tests.images import GPS_IFD, HTML, MAKE, image_bytes, mpo_bytes, png_claiming

LIMITS: dict[str, Any] = {
    "max_bytes": 5 * 1024 * 1024,
    "max_pixels": 40_000_000,
    "slots": DecodeSlots(concurrency=2),
}


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
            **(LIMITS | {"max_bytes": len(data) - 1}),
        )
    assert caught.value.codes == [ErrorCode.IMAGE_TOO_LARGE]


async def test_an_image_larger_once_re_encoded_is_too_many_bytes() -> None:
    """A stored image always fits the upload limit, so it can be uploaded back (as the web
    app does on each save): a JPEG of low quality grows when re-encoded at the default."""
    image = Image.frombytes("RGB", (64, 64), bytes(range(256)) * 48)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=5)
    data = output.getvalue()
    allowed = await clean_image(Upload(filename="x.jpg", data=data), field="f", **LIMITS)
    assert len(allowed.data) > len(data)
    with pytest.raises(DomainError) as caught:
        await clean_image(
            Upload(filename="x.jpg", data=data),
            field="profile_image",
            **(LIMITS | {"max_bytes": len(allowed.data) - 1}),
        )
    assert caught.value.codes == [ErrorCode.IMAGE_TOO_LARGE]
    assert "re-encoded" in caught.value.errors[0].message


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


def test_the_decode_budget_is_the_pixel_limit_decoded_twice_at_four_bytes() -> None:
    assert decode_budget_bytes(40_000_000) == 320_000_000


async def test_a_webp_image_may_have_a_quarter_of_the_pixels() -> None:
    limits = LIMITS | {"max_pixels": 1600}
    webp = Upload(filename="x.webp", data=image_bytes("WEBP", size=(30, 20)))  # 600 pixels
    with pytest.raises(DomainError) as raised:
        await clean_image(webp, field="banner_image", **limits)
    assert raised.value.codes == [ErrorCode.IMAGE_TOO_LARGE]
    assert "at most 400 pixels" in raised.value.errors[0].message
    png = Upload(filename="x.png", data=image_bytes("PNG", size=(30, 20)))
    assert (await clean_image(png, field="banner_image", **limits)).extension == "png"


class DecodeProbe:
    """Stands in for the decode: counts decodes running at once, each held until released."""

    def __init__(self) -> None:
        self.active = 0
        self.peak = 0
        self.release = threading.Event()
        self._changed = threading.Condition()

    def reencode(self, data: bytes, field: str, max_pixels: int) -> CleanImage:
        with self._changed:
            self.active += 1
            self.peak = max(self.peak, self.active)
            self._changed.notify_all()
        self.release.wait(timeout=30)  # never hangs the suite
        with self._changed:
            self.active -= 1
        return CleanImage(data=data, extension="png")

    def wait_for_running(self, count: int) -> None:
        with self._changed:
            assert self._changed.wait_for(lambda: self.active >= count, timeout=30)


async def test_concurrent_decodes_never_exceed_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    probe = DecodeProbe()
    monkeypatch.setattr(images, "_reencode", probe.reencode)
    slots = DecodeSlots(concurrency=2)
    upload = Upload(filename="x.png", data=image_bytes("PNG"))
    cleaned: list[CleanImage] = []

    async def decode() -> None:
        cleaned.append(await clean_image(upload, field="f", **(LIMITS | {"slots": slots})))

    async with anyio.create_task_group() as tasks:
        for _ in range(6):
            tasks.start_soon(decode)
        try:
            await anyio.to_thread.run_sync(probe.wait_for_running, 2)
            # Every task has asked for a slot by now: two decode, four wait for a slot.
            assert slots.limiter().statistics().tasks_waiting == 4
            assert probe.active == 2
        finally:
            probe.release.set()
    assert probe.peak == 2
    assert len(cleaned) == 6


async def test_each_event_loop_gets_its_own_limiter() -> None:
    slots = DecodeSlots(concurrency=3)
    here = slots.limiter()
    assert slots.limiter() is here
    elsewhere = await anyio.to_thread.run_sync(lambda: anyio.run(_limiter_of, slots))
    assert elsewhere is not here
    assert here.total_tokens == 3


async def _limiter_of(slots: DecodeSlots) -> anyio.CapacityLimiter:
    return slots.limiter()
