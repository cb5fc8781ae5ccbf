import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import TypedDict

from confusable_homoglyphs.categories import unique_aliases
from email_validator import EmailNotValidError, validate_email

from config.settings import Settings
from domain.confusables import has_default_ignorable, skeleton
from domain.errors import DomainError, ErrorCode, FieldError
from models.user import USERNAME_KEY_MAX_LENGTH

USERNAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
_USERNAME_PATTERN = re.compile(r"[\w.@+-]+")
_COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"
_SIMILARITY_LIMIT = 0.7
# Characters of every script, and combining marks, which take the script of their base.
_SHARED_SCRIPTS = frozenset({"COMMON", "INHERITED"})
# The scripts one username may combine: one script, or the mixes of Unicode TR39's
# "highly restrictive" level, which Japanese, Chinese and Korean names are written in.
_SCRIPT_MIXES = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
ASCII_LOCAL_PART_MESSAGE = (
    "Enter an email address whose part before the @ has only ASCII letters, digits and punctuation."
)
INVISIBLE_MESSAGE = (
    "A username cannot hold characters that show as nothing (such as U+3164 HANGUL FILLER)."
)
EMAIL_TOO_LONG_MESSAGE = f"Enter an email address of at most {EMAIL_MAX_LENGTH} characters."
MIXED_SCRIPT_MESSAGE = (
    "Write the username in one script: letters of different alphabets (such as Latin and"
    " Cyrillic or Greek) cannot be mixed."
)


def has_no_nul(text: str) -> bool:
    """PostgreSQL refuses NUL characters."""
    return "\x00" not in text


def stored_form(text: str) -> str:
    """NFC, so ``e`` + U+0301 is ``é``."""
    return unicodedata.normalize("NFC", text)


def username_key(username: str) -> str:
    """Unique under it: case and compatibility forms folded."""
    return unicodedata.normalize("NFKC", username).casefold()


def username_skeleton(username: str) -> str:
    """Distinct under it to the eye: the UTS #39 skeleton, folded as ``username_key``."""
    return username_key(skeleton(username))


class UsernameColumns(TypedDict):
    username: str
    username_key: str
    username_skeleton: str


def username_columns(username: str) -> UsernameColumns:
    return {
        "username": username,
        "username_key": username_key(username),
        "username_skeleton": username_skeleton(username),
    }


def clean_username(value: str, *, field: str = "username") -> str:
    """Trimmed, NFC; mixed scripts that pass for another name and invisible characters are
    refused (docs/security.md#look-alike-usernames)."""
    username = stored_form(value.strip())
    if not username:
        raise DomainError.single(ErrorCode.REQUIRED, field=field)
    if has_default_ignorable(username):
        raise DomainError.single(ErrorCode.INVALID_USERNAME, INVISIBLE_MESSAGE, field)
    if (
        len(username) > USERNAME_MAX_LENGTH
        or len(username_key(username)) > USERNAME_KEY_MAX_LENGTH
        or len(username_skeleton(username)) > USERNAME_KEY_MAX_LENGTH
        or not _USERNAME_PATTERN.fullmatch(username)
    ):
        raise DomainError.single(ErrorCode.INVALID_USERNAME, field=field)
    if not single_script(username):
        raise DomainError.single(ErrorCode.INVALID_USERNAME, MIXED_SCRIPT_MESSAGE, field)
    return username


def single_script(text: str) -> bool:
    """Or a mix TR39 allows."""
    scripts: set[str] = unique_aliases(text) - _SHARED_SCRIPTS
    return len(scripts) <= 1 or any(scripts <= mix for mix in _SCRIPT_MIXES)


def clean_email(value: str, *, field: str = "email") -> str:
    """Trimmed, lower-cased, the domain in Unicode; the local part must be ASCII, since mail to
    any other needs SMTPUTF8."""
    email = value.strip()
    if not email:
        raise DomainError.single(ErrorCode.REQUIRED, field=field)
    if len(email) > EMAIL_MAX_LENGTH:  # before the validator spends work on it
        raise DomainError.single(ErrorCode.INVALID_EMAIL, EMAIL_TOO_LONG_MESSAGE, field)
    if not email.rpartition("@")[0].isascii():
        raise DomainError.single(ErrorCode.INVALID_EMAIL, ASCII_LOCAL_PART_MESSAGE, field)
    try:
        checked = validate_email(
            email,
            check_deliverability=False,
            # The check above refuses first every address that would need SMTPUTF8, so
            # mutants of this guard are equivalent.
            allow_smtputf8=False,  # pragma: no mutate
        )
    except EmailNotValidError:
        raise DomainError.single(ErrorCode.INVALID_EMAIL, field=field) from None
    # validate_email refuses a normalized address of more than 254 UTF-8 bytes, and lower
    # case changes no length here (the part before the @ is ASCII, the domain is folded).
    return checked.normalized.lower()


def stored_email(text: str) -> str:
    """So the IDNA form of a domain finds the account; text that is no address is lower-cased."""
    try:
        return clean_email(text)
    except DomainError:
        return text.lower()


def ascii_address(email: str) -> str:
    """The domain in IDNA form, for ``To:`` and the SMTP envelope; unchanged when there is none."""
    try:
        checked = validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return email
    return checked.ascii_email or email


def password_problems(
    password: str,
    *,
    min_length: int,
    max_length: int,
    personal: tuple[str, ...] = (),
    field: str = "password",
) -> list[FieldError]:
    """NIST SP 800-63B: length, common, personal."""
    if not password:
        return [FieldError.of(ErrorCode.REQUIRED, field)]
    if len(password) < min_length:
        message = f"This password is too short. It must contain at least {min_length} characters."
        return [FieldError(ErrorCode.PASSWORD_TOO_SHORT, message, field)]
    if len(password) > max_length:
        message = f"This password is too long. It must contain at most {max_length} characters."
        return [FieldError(ErrorCode.PASSWORD_TOO_LONG, message, field)]
    if password.casefold() in common_passwords():
        return [FieldError.of(ErrorCode.PASSWORD_TOO_COMMON, field)]
    if _too_similar(password, personal):
        return [FieldError.of(ErrorCode.PASSWORD_TOO_SIMILAR, field)]
    return []


def configured_password_problems(
    password: str, *, settings: Settings, personal: tuple[str, ...], field: str = "password"
) -> list[FieldError]:
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
        whole = attribute.casefold()
        # The whole attribute, then its words, each once, always in this order.
        parts = dict.fromkeys([whole, *re.split(r"\W+", whole)])
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
