"""Request bodies in the three encodings legacy clients send: JSON, form and multipart."""

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from domain.errors import DomainError, ErrorCode
from domain.images import Upload
from web.json_body import decode_form, decode_json
from web.multipart import multipart_form


async def read_fields(request: Request, *, max_file_bytes: int | None = None) -> dict[str, Any]:
    """The fields of a JSON object, form or multipart body; an empty body has none.

    Uploaded files are dropped, unless ``max_file_bytes`` is given: then each becomes an
    ``Upload`` holding at most that many bytes plus one (enough to tell it is too large).
    A file input left empty by a browser (no name, no content) counts as absent.
    """
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        return decode_form(await request.body())
    if content_type == "multipart/form-data":
        return await _form_fields(request, max_file_bytes=max_file_bytes)
    body = await request.body()
    if not body.strip():
        return {}
    if content_type not in ("application/json", ""):
        raise _malformed(f"Unsupported media type '{content_type}' in request.", unsupported=True)
    fields = decode_json(body)
    if not isinstance(fields, dict):
        raise _malformed("Expected a JSON object of fields.")
    return fields


async def _form_fields(request: Request, *, max_file_bytes: int | None) -> dict[str, Any]:
    async with multipart_form(request) as form:
        fields: dict[str, Any] = {}
        for key, value in form.items():
            if not isinstance(value, UploadFile):
                fields[key] = value
            elif max_file_bytes is not None and (value.filename or value.size):
                data = await value.read(max_file_bytes + 1)
                fields[key] = Upload(filename=value.filename, data=data)
        return fields


def _malformed(message: str, *, unsupported: bool = False) -> DomainError:
    code = ErrorCode.UNSUPPORTED_MEDIA_TYPE if unsupported else ErrorCode.MALFORMED_BODY
    return DomainError.single(code, message)
