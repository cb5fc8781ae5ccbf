"""Multipart bodies whose text parts must be UTF-8 (Starlette decodes others as latin-1,
silently), within ``max_text_bytes``; files spool to disk past ``SPOOL_BYTES`` each."""

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing, asynccontextmanager
from typing import Final

from starlette.datastructures import FormData, Headers
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from domain.errors import DomainError, ErrorCode
from web.json_body import NOT_UTF8_MESSAGE

SPOOL_BYTES: Final = MultiPartParser.spool_max_size


class _TextOverLimitError(MultiPartException):
    """A ``MultiPartException``, so that the parser closes the files it opened."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"The text fields of a multipart body exceed the limit of {limit} bytes.")


class _StrictMultiPartParser(MultiPartParser):
    def __init__(
        self,
        headers: Headers,
        stream: AsyncGenerator[bytes, None],
        *,
        max_text_bytes: float,
        **options: int,
    ) -> None:
        super().__init__(headers, stream, **options)
        self._max_text_bytes = max_text_bytes
        self._text_bytes = 0

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._current_part.file is None:
            self._text_bytes += end - start
            if self._text_bytes > self._max_text_bytes:
                raise _TextOverLimitError(int(self._max_text_bytes))
        super().on_part_data(data, start, end)

    def on_part_end(self) -> None:
        part = self._current_part
        if part.file is None:
            try:
                bytes(part.data).decode(self._charset or "utf-8")
            except (UnicodeDecodeError, LookupError):
                raise MultiPartException(NOT_UTF8_MESSAGE) from None
        super().on_part_end()


async def read_multipart(
    request: Request,
    *,
    max_part_size: int = 1024 * 1024,
    max_text_bytes: float = float("inf"),
    max_files: int = 1000,
) -> FormData:
    """The caller closes its files. ``MALFORMED_BODY`` for an unreadable body, ``PAYLOAD_TOO_LARGE``
    for text parts over ``max_text_bytes`` in all."""
    try:
        async with aclosing(request.stream()) as stream:
            parser = _StrictMultiPartParser(
                request.headers,
                stream,
                max_text_bytes=max_text_bytes,
                max_part_size=max_part_size,
                max_files=max_files,
            )
            return await parser.parse()
    except _TextOverLimitError as error:
        raise DomainError.single(ErrorCode.PAYLOAD_TOO_LARGE, error.message) from None
    except MultiPartException as error:
        raise DomainError.single(
            ErrorCode.MALFORMED_BODY, f"Form parse error - {error.message}"
        ) from None


@asynccontextmanager
async def multipart_form(request: Request) -> AsyncIterator[FormData]:
    """Its files closed on exit."""
    form = await read_multipart(request)
    try:
        yield form
    finally:
        await form.close()
