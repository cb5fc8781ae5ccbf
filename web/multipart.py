"""Multipart bodies whose text parts must be UTF-8, as forms must be (``web.json_body``).

Starlette decodes a text part that is not valid UTF-8 as latin-1, silently; such a body
is refused here with 400 ``MALFORMED_BODY`` instead, before anything reads it.
"""

from collections.abc import AsyncIterator
from contextlib import aclosing, asynccontextmanager

from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from domain.errors import DomainError, ErrorCode
from web.json_body import NOT_UTF8_MESSAGE


class _StrictMultiPartParser(MultiPartParser):
    def on_part_end(self) -> None:
        part = self._current_part
        if part.file is None:
            try:
                bytes(part.data).decode(self._charset or "utf-8")
            except (UnicodeDecodeError, LookupError):
                raise MultiPartException(NOT_UTF8_MESSAGE) from None
        super().on_part_end()


async def read_multipart(request: Request, *, max_part_size: int = 1024 * 1024) -> FormData:
    """The parsed form of a multipart ``request``; the caller closes its files.

    An unreadable body (framing, limits, text that is not UTF-8) is ``MALFORMED_BODY``.
    """
    try:
        async with aclosing(request.stream()) as stream:
            parser = _StrictMultiPartParser(request.headers, stream, max_part_size=max_part_size)
            return await parser.parse()
    except MultiPartException as error:
        raise DomainError.single(
            ErrorCode.MALFORMED_BODY, f"Form parse error - {error.message}"
        ) from None


@asynccontextmanager
async def multipart_form(request: Request) -> AsyncIterator[FormData]:
    """``read_multipart``, its files closed on exit."""
    form = await read_multipart(request)
    try:
        yield form
    finally:
        await form.close()
