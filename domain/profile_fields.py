"""The profile's contact and settings fields; an empty text clears a field."""

import json
import re

from domain.errors import DomainError, ErrorCode
from domain.validation import clean_email

PHONE_MAX_LENGTH = 20
PHONE_DIGITS = range(7, 16)
PHONE_MESSAGE = (
    f"Enter a phone number of {PHONE_DIGITS.start} to {PHONE_DIGITS.stop - 1} digits, "
    f"optionally with a leading +, spaces, dots, dashes or parentheses "
    f"(at most {PHONE_MAX_LENGTH} characters)."
)
FLAG_MESSAGE = "Must be a valid boolean."
#: The settings given as a JSON value rather than as ``user_config`` text.
SETTINGS = "settings"
_PHONE_PATTERN = re.compile(r"\+?[0-9 .()-]+")
_TRUE = frozenset({"true", "1", "yes", "on", "t", "y"})
_FALSE = frozenset({"false", "0", "no", "off", "f", "n"})
#: How a form may spell a boolean, in any letter case.
FLAG_WORDS = tuple(sorted(_TRUE | _FALSE))


def clean_contact_email(value: str) -> str | None:
    if not value.strip():
        return None
    return clean_email(value, field="contact_email")


def clean_contact_phone(value: str) -> str | None:
    """7 to 15 digits (E.164) with the usual separators, by hand: contact text with no region to
    parse it against, within the 20 characters the Flowback backend stores."""
    phone = value.strip()
    if not phone:
        return None
    digits = sum(character in "0123456789" for character in phone)
    if (
        len(phone) > PHONE_MAX_LENGTH
        or not _PHONE_PATTERN.fullmatch(phone)
        or digits not in PHONE_DIGITS
    ):
        raise DomainError.single(ErrorCode.INVALID_PHONE, PHONE_MESSAGE, "contact_phone")
    return phone


def clean_user_config(value: str, *, max_bytes: int) -> str | None:
    """Stored exactly as given."""
    if not value:
        return None
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate: no database column holds it
        raise _config_error(ErrorCode.INVALID_USER_CONFIG) from None
    if size > max_bytes:
        message = f"Ensure this field has at most {max_bytes} bytes."
        raise _config_error(ErrorCode.USER_CONFIG_TOO_LARGE, message)
    try:
        json.loads(value)
    except (ValueError, RecursionError):
        raise _config_error(ErrorCode.INVALID_USER_CONFIG) from None
    return value


def clean_settings(value: object, *, max_bytes: int) -> str | None:
    """A JSON value (not text), stored compact; errors name the field ``settings``."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        raise _config_error(
            ErrorCode.INVALID_USER_CONFIG, "Enter a JSON value.", SETTINGS
        ) from None
    try:
        return clean_user_config(text, max_bytes=max_bytes)
    except DomainError as error:
        first = error.errors[0]
        raise _config_error(first.code, first.message, SETTINGS) from None


def clean_flag(value: bool | str, *, field: str) -> bool:
    if isinstance(value, bool):
        return value
    folded = value.strip().lower()
    if folded in _TRUE or folded in _FALSE:
        return folded in _TRUE
    raise DomainError.single(ErrorCode.INVALID, FLAG_MESSAGE, field)


def _config_error(
    code: ErrorCode, message: str | None = None, field: str = "user_config"
) -> DomainError:
    return DomainError.single(code, message, field)
