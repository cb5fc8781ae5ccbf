"""The one error vocabulary of the service; transports only render it."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    INVALID_USERNAME = "INVALID_USERNAME"
    INVALID_EMAIL = "INVALID_EMAIL"
    USERNAME_TAKEN = "USERNAME_TAKEN"
    INVALID_CODE = "INVALID_CODE"
    PASSWORD_TOO_SHORT = "PASSWORD_TOO_SHORT"
    PASSWORD_TOO_LONG = "PASSWORD_TOO_LONG"
    PASSWORD_TOO_COMMON = "PASSWORD_TOO_COMMON"
    PASSWORD_TOO_SIMILAR = "PASSWORD_TOO_SIMILAR"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    INVALID_PAGINATION = "INVALID_PAGINATION"
    RATE_LIMITED = "RATE_LIMITED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    INVALID_TOKEN = "INVALID_TOKEN"
    NOT_FOUND = "NOT_FOUND"
    MALFORMED_BODY = "MALFORMED_BODY"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INVALID_PASSWORD = "INVALID_PASSWORD"
    INVALID_URL = "INVALID_URL"
    INVALID_IMAGE = "INVALID_IMAGE"
    IMAGE_TOO_LARGE = "IMAGE_TOO_LARGE"
    INVALID_PHONE = "INVALID_PHONE"
    INVALID_USER_CONFIG = "INVALID_USER_CONFIG"
    USER_CONFIG_TOO_LARGE = "USER_CONFIG_TOO_LARGE"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    INVALID_HOST = "INVALID_HOST"


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with a request; ``field`` is None when it concerns no single field."""

    code: ErrorCode
    message: str
    field: str | None = None


class DomainError(Exception):
    """An expected failure, carrying every problem found in one request."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in self.errors))

    @classmethod
    def single(cls, code: ErrorCode, message: str, field: str | None = None) -> "DomainError":
        return cls([FieldError(code=code, message=message, field=field)])

    @property
    def codes(self) -> list[ErrorCode]:
        return [error.code for error in self.errors]
