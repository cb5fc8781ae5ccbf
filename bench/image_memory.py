"""Peak memory of image work: ``python bench/image_memory.py [--decodes 12] [--concurrency 2]``.

Runs ``--decodes`` re-encodes at once, each of the costliest image the limits let in
(a PNG, a JPEG and a GIF of ``FLOWBACK_MAX_IMAGE_PIXELS`` pixels, a WebP of a quarter of
them, in turn), in a fresh process, and prints the growth of its peak resident memory
beside the bound the README states: concurrency x decode budget
(``domain.images.decode_budget_bytes``). Memory, like time, is measured here, not in tests.
"""

import argparse
import asyncio
import io
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from domain.images import DecodeSlots, Upload, clean_image, decode_budget_bytes, pixel_limit

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
MEGABYTE = 1024 * 1024


def largest_image(image_format: str, max_pixels: int) -> bytes:
    """A flat image of the most pixels ``image_format`` may have (it compresses to little)."""
    pixels = pixel_limit(image_format, max_pixels)
    width = int(pixels**0.5)
    mode = "P" if image_format == "GIF" else "RGB" if image_format == "JPEG" else "RGBA"
    color: int | tuple[int, ...] = 3 if mode == "P" else (10, 20, 30, 40)[: len(mode)]
    output = io.BytesIO()
    Image.new(mode, (width, pixels // width), color=color).save(output, format=image_format)
    return output.getvalue()


async def decode_all(uploads: list[bytes], *, max_pixels: int, concurrency: int) -> None:
    slots = DecodeSlots(concurrency=concurrency)
    await asyncio.gather(
        *(
            clean_image(
                Upload(filename=None, data=data),
                field="profile_image",
                max_bytes=max(len(data) for data in uploads),
                max_pixels=max_pixels,
                slots=slots,
            )
            for data in uploads
        )
    )


def measure(args: argparse.Namespace) -> None:
    """In this fresh process: read the images, then decode them all at once."""
    uploads = [path.read_bytes() for path in sorted(Path(args.child).iterdir())]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    asyncio.run(decode_all(uploads, max_pixels=args.max_pixels, concurrency=args.concurrency))
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(after - before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decodes", type=int, default=12)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--max-pixels", type=int, default=40_000_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args)
        return
    # The images are made here, so the child's peak holds only the decodes (and their
    # files, a few MiB at most, read before its baseline is taken).
    with tempfile.TemporaryDirectory() as folder:
        for n in range(args.decodes):
            data = largest_image(FORMATS[n % len(FORMATS)], args.max_pixels)
            Path(folder, f"{n:04}").write_bytes(data)
        command = [sys.executable, __file__, "--child", folder, *sys.argv[1:]]
        result = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    growth = int(result.stdout)
    bound = args.concurrency * decode_budget_bytes(args.max_pixels)
    print(
        f"{args.decodes} decodes at once, concurrency {args.concurrency}: peak grew by "
        f"{growth / MEGABYTE:.0f} MiB; stated bound {bound / MEGABYTE:.0f} MiB"
    )


if __name__ == "__main__":
    main()
