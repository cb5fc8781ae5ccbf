"""Rules for usernames, email addresses and passwords."""

import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from email_validator import EmailNotValidError, validate_email

from domain.errors import DomainError, ErrorCode, FieldError
from domain.settings import Settings

USERNAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
_USERNAME_PATTERN = re.compile(r"[\w.@+-]+")
_COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"
_SIMILARITY_LIMIT = 0.7


def storable(text: str) -> bool:
    """False for text no database column can hold (PostgreSQL refuses NUL characters)."""
    return "\x00" not in text


def username_key(username: str) -> str:
    """The form under which usernames are unique: case and compatibility forms folded."""
    return unicodedata.normalize("NFKC", username).casefold()


def clean_username(value: str, *, field: str = "username") -> str:
    username = value.strip()
    if not username:
        raise DomainError.single(ErrorCode.REQUIRED, "This field is required.", field)
    if len(username) > USERNAME_MAX_LENGTH or not _USERNAME_PATTERN.fullmatch(username):
        raise DomainError.single(
            ErrorCode.INVALID_USERNAME,
            "Enter a valid username of at most 120 letters, digits and @/./+/-/_ characters.",
            field,
        )
    return username


def clean_email(value: str, *, field: str = "email") -> str:
    email = value.strip()
    if not email:
        raise DomainError.single(ErrorCode.REQUIRED, "This field is required.", field)
    try:
        checked = validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise DomainError.single(
            ErrorCode.INVALID_EMAIL, "Enter a valid email address.", field
        ) from None
    normalized = checked.normalized.lower()
    if len(normalized) > EMAIL_MAX_LENGTH:
        raise DomainError.single(ErrorCode.INVALID_EMAIL, "Enter a valid email address.", field)
    return normalized


def password_problems(
    password: str,
    *,
    min_length: int,
    max_length: int,
    personal: tuple[str, ...] = (),
    field: str = "password",
) -> list[FieldError]:
    """Every rule ``password`` breaks (NIST SP 800-63B): length, common, personal."""
    if not password:
        return [FieldError(ErrorCode.REQUIRED, "This field is required.", field)]
    if len(password) < min_length:
        message = f"This password is too short. It must contain at least {min_length} characters."
        return [FieldError(ErrorCode.PASSWORD_TOO_SHORT, message, field)]
    if len(password) > max_length:
        message = f"This password is too long. It must contain at most {max_length} characters."
        return [FieldError(ErrorCode.PASSWORD_TOO_LONG, message, field)]
    if password.casefold() in common_passwords():
        return [FieldError(ErrorCode.PASSWORD_TOO_COMMON, "This password is too common.", field)]
    if _too_similar(password, personal):
        message = "The password is too similar to the username or email."
        return [FieldError(ErrorCode.PASSWORD_TOO_SIMILAR, message, field)]
    return []


def configured_password_problems(
    password: str, *, settings: Settings, personal: tuple[str, ...], field: str = "password"
) -> list[FieldError]:
    """``password_problems`` under the configured length limits."""
    return password_problems(
        password,
        min_length=settings.password_min_length,
        max_length=settings.password_max_length,
        personal=personal,
        field=field,
    )


def _too_similar(password: str, personal: tuple[str, ...]) -> bool:
    folded = password.casefold()
    for attribute in personal:
        parts = {attribute.casefold(), *re.split(r"\W+", attribute.casefold())}
        for part in filter(None, parts):
            if part == folded:
                return True
            if SequenceMatcher(a=folded, b=part).quick_ratio() >= _SIMILARITY_LIMIT and (
                SequenceMatcher(a=folded, b=part).ratio() >= _SIMILARITY_LIMIT
            ):
                return True
    return False


@cache
def common_passwords() -> frozenset[str]:
    lines = _COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.casefold() for line in lines if line and not line.startswith("# "))
