"""What each REST call reads from its body, and how a body is read: JSON, form or multipart."""

from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError
from starlette.datastructures import UploadFile
from starlette.requests import Request

from domain.errors import DomainError, ErrorCode, FieldError
from domain.images import Upload
from domain.profile_fields import FLAG_WORDS, PHONE_MESSAGE
from domain.profile_update import BIO_MAX_LENGTH, WEBSITE_MAX_LENGTH
from domain.validation import EMAIL_MAX_LENGTH, USERNAME_MAX_LENGTH
from web.json_body import decode_form, decode_json, media_type_of
from web.multipart import multipart_form

NOT_TEXT_MESSAGE = "Not a valid string."
#: The schema of text that must hold more than white space.
NOT_BLANK: dict[str, Any] = {"minLength": 1, "pattern": r"\S"}
_IMAGE_DESCRIPTION = "A PNG, JPEG, WebP or GIF file, at most FLOWBACK_MAX_IMAGE_BYTES."


def _as_text(value: Any) -> str:
    """Null reads as empty (what the domain reports as required, or clears)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PydanticCustomError(ErrorCode.INVALID.value, NOT_TEXT_MESSAGE)
    return value


def _as_id(value: Any) -> str:
    """A number in JSON, its digits in a form."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _as_text(value)


def _as_flag(value: Any) -> bool | str:
    """A JSON boolean as it is, 0 and 1 as their digits; text for the domain to read."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return str(value)
    return _as_text(value)


def _any_case(word: str) -> str:
    return "".join(
        f"[{letter.lower()}{letter.upper()}]" if letter.isalpha() else letter for letter in word
    )


#: The words a flag may be spelled with, in any letter case, as the domain reads them.
FLAG_PATTERN = r"^\s*(" + "|".join(map(_any_case, FLAG_WORDS)) + r")\s*$"


def _as_image(value: Any) -> Upload | str | None:
    """Text is passed on for the domain to refuse; a browser's empty file input is absent."""
    if value is None or value == "":
        return None
    return value if isinstance(value, Upload) else _as_text(value)


Text = Annotated[str, BeforeValidator(_as_text), WithJsonSchema({"type": "string"})]
Id = Annotated[
    str,
    BeforeValidator(_as_id),
    WithJsonSchema({"oneOf": [{"type": "integer"}, {"type": "string"}]}),
]
#: Absent is None (left as it is); null or empty is "" (cleared, or refused for a username).
OptionalText = Annotated[
    str | None, BeforeValidator(_as_text), WithJsonSchema({"type": ["string", "null"]})
]
OptionalFlag = Annotated[
    bool | str | None,
    BeforeValidator(_as_flag),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "boolean"},
                {"type": "integer", "enum": [0, 1]},
                {"type": "string", "pattern": FLAG_PATTERN},
            ]
        }
    ),
]
_FLAG = "A boolean, or as text: true/false, 1/0, yes/no, on/off."
Image = Annotated[
    Upload | str | None,
    BeforeValidator(_as_image),
    WithJsonSchema(
        {
            "type": "string",
            "format": "binary",
            "contentMediaType": "application/octet-stream",
            "description": _IMAGE_DESCRIPTION,
        }
    ),
]


def _document_body(schema: dict[str, Any], model: type["RequestBody"]) -> None:
    """Required fields are declared, and refused empty or blank; the defaults that stand for an
    absent field are not values a client sends."""
    if model.REQUIRED:
        schema["required"] = list(model.REQUIRED)
    for name, field in schema["properties"].items():
        field.pop("default", None)
        if name in model.REQUIRED:
            field |= NOT_BLANK


class RequestBody(BaseModel):
    """A body as JSON, form or multipart; fields a call does not take are ignored."""

    #: The fields the domain requires: declared ``required`` in the OpenAPI documents.
    REQUIRED: ClassVar[tuple[str, ...]] = ()

    model_config = ConfigDict(
        extra="ignore",
        frozen=True,
        arbitrary_types_allowed=True,
        json_schema_extra=_document_body,
    )


def _at_most(length: int, more: str = "") -> str:
    return f"At most {length} characters{more}."


class RegisterRequest(RequestBody):
    REQUIRED = ("username", "email")
    username: Text = Field("", description=_at_most(USERNAME_MAX_LENGTH))
    email: Text = Field("", description=_at_most(EMAIL_MAX_LENGTH))


class CodeAndPasswordRequest(RequestBody):
    """An emailed code and the password to set: a registration's, or a reset's."""

    REQUIRED = ("verification_code", "password")
    verification_code: Text = Field("", description="The code from the mail.")
    password: Text = Field("", description="The password to set.")


class LoginRequest(RequestBody):
    REQUIRED = ("username", "password")
    username: Text = Field("", description="A username or an email address.")
    password: Text = ""


class ForgotPasswordRequest(RequestBody):
    REQUIRED = ("email",)
    email: Text = Field("", description=_at_most(EMAIL_MAX_LENGTH))


class ChangePasswordRequest(RequestBody):
    REQUIRED = ("current_password", "new_password")
    current_password: Text = ""
    new_password: Text = ""


class DeleteAccountRequest(RequestBody):
    REQUIRED = ("password",)
    password: Text = ""


class RevokeSessionRequest(RequestBody):
    REQUIRED = ("id",)
    id: Id = Field("", description="A session's id, as GET /user/sessions lists it.")


class EmailChangeRequest(RequestBody):
    REQUIRED = ("password", "new_email")
    password: Text = Field("", description="The account's current password.")
    new_email: Text = Field("", description=_at_most(EMAIL_MAX_LENGTH))


class EmailChangeVerifyRequest(RequestBody):
    REQUIRED = ("verification_code",)
    verification_code: Text = Field("", description="The code mailed to the new address.")


class UpdateUserRequest(RequestBody):
    """A profile change: only the fields sent change; empty text clears a field."""

    username: OptionalText = Field(
        None,
        description=_at_most(USERNAME_MAX_LENGTH, "; registration's rules; never empty"),
        json_schema_extra=NOT_BLANK,
    )
    bio: OptionalText = Field(None, description=_at_most(BIO_MAX_LENGTH, "; empty clears it"))
    website: OptionalText = Field(
        None,
        description=f"An http(s) URL of at most {WEBSITE_MAX_LENGTH} characters; empty clears it.",
    )
    contact_email: OptionalText = Field(
        None, description="A public email address; empty clears it."
    )
    contact_phone: OptionalText = Field(
        None, description=f"A public phone number: {PHONE_MESSAGE} Empty clears it."
    )
    user_config: OptionalText = Field(
        None,
        description="Private JSON text of at most FLOWBACK_USER_CONFIG_MAX_BYTES bytes; "
        "empty clears it.",
    )
    email_notifications: OptionalFlag = Field(None, description=f"Private. {_FLAG}")
    dark_theme: OptionalFlag = Field(None, description=f"Private. {_FLAG}")


class UpdateUserUpload(UpdateUserRequest):
    """A profile change as multipart: the text fields and the image files."""

    profile_image: Image = None
    banner_image: Image = None


Body = TypeVar("Body", bound=RequestBody)


async def read_body(
    request: Request, model: type[Body], *, max_file_bytes: int | None = None
) -> Body:
    """``INVALID`` field errors for what is not text."""
    fields = await read_fields(request, max_file_bytes=max_file_bytes)
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        raise DomainError([_field_error(item) for item in error.errors()]) from None


def _field_error(item: Any) -> FieldError:
    field = str(item["loc"][0]) if item["loc"] else None
    # A code is named as its value; pydantic's own error types are INVALID.
    known = item["type"] in ErrorCode.__members__
    code = ErrorCode[item["type"]] if known else ErrorCode.INVALID
    return FieldError(code, item["msg"], field)


async def read_fields(request: Request, *, max_file_bytes: int | None = None) -> dict[str, Any]:
    """An empty body has none. Files are dropped unless ``max_file_bytes`` is given: then each
    is an ``Upload`` of at most that plus one byte (enough to tell it is too large)."""
    content_type = media_type_of(request.headers.get("content-type", ""))
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
