"""The one error vocabulary of the service; transports only render it."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Self


class ErrorCode(StrEnum):
    """What went wrong: one code per kind of problem, the same in GraphQL and REST."""

    # Each code's description and default message are beside it: GraphQL's enum values and
    # the documents read the description; an error that has nothing more to say carries the
    # message, on every transport.

    _value_: str
    description: str
    message: str

    def __new__(cls, value: str, description: str, message: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        member.message = message
        return member

    REQUIRED = (
        "REQUIRED",
        "A required field is missing, empty or blank.",
        "This field is required.",
    )
    INVALID = (
        "INVALID",
        (
            "A value of the wrong type or form: text that is not text, a flag that is not a "
            "boolean, a bio too long, an id that is not an integer."
        ),
        "Enter a valid value.",
    )
    INVALID_USERNAME = (
        "INVALID_USERNAME",
        (
            "Not a username: letters, digits and @/./+/-/_ only, within the length limit, in one "
            "script."
        ),
        "Enter a valid username of at most 120 letters, digits and @/./+/-/_ characters.",
    )
    INVALID_EMAIL = (
        "INVALID_EMAIL",
        "Not a valid email address (the local part in ASCII).",
        "Enter a valid email address.",
    )
    USERNAME_TAKEN = (
        "USERNAME_TAKEN",
        "Another account has this username (compared case-folded).",
        "A user with that username already exists.",
    )
    INVALID_CODE = (
        "INVALID_CODE",
        "A mailed verification or reset code that is wrong, used, expired or superseded.",
        "The verification code is invalid or has expired.",
    )
    PASSWORD_TOO_SHORT = (
        "PASSWORD_TOO_SHORT",
        "The new password is shorter than the minimum.",
        "This password is too short.",
    )
    PASSWORD_TOO_LONG = (
        "PASSWORD_TOO_LONG",
        "The new password is longer than the maximum.",
        "This password is too long.",
    )
    PASSWORD_TOO_COMMON = (
        "PASSWORD_TOO_COMMON",
        "The new password is a commonly used one.",
        "This password is too common.",
    )
    PASSWORD_TOO_SIMILAR = (
        "PASSWORD_TOO_SIMILAR",
        "The new password is too close to the username or email address.",
        "The password is too similar to the username or email.",
    )
    INVALID_CREDENTIALS = (
        "INVALID_CREDENTIALS",
        (
            "No active account has this username or email and password; which of the two is wrong "
            "is never said."
        ),
        "Unable to log in with provided credentials.",
    )
    INVALID_PAGINATION = (
        "INVALID_PAGINATION",
        (
            "A paging value out of range: a page or limit below 1, an offset below 0, a cursor this"
            " service did not give, or first/last out of bounds."
        ),
        "Enter a valid paging value.",
    )
    RATE_LIMITED = (
        "RATE_LIMITED",
        (
            "Over a rate limit, or the account or address is locked out for a while; retry after "
            "the time given (Retry-After over HTTP)."
        ),
        "Too many requests; try again later.",
    )
    UNAUTHENTICATED = (
        "UNAUTHENTICATED",
        "The call needs a signed-in caller and none was given.",
        "Authentication credentials were not provided.",
    )
    INVALID_TOKEN = (
        "INVALID_TOKEN",
        "The token given is wrong, revoked or expired, or its account is gone.",
        "Invalid token.",
    )
    NOT_FOUND = (
        "NOT_FOUND",
        "No such resource, or none the caller may see.",
        "Not found.",
    )
    MALFORMED_BODY = (
        "MALFORMED_BODY",
        "The request body cannot be read: invalid JSON, a batch, or a broken multipart form.",
        "The request body cannot be read.",
    )
    UNSUPPORTED_MEDIA_TYPE = (
        "UNSUPPORTED_MEDIA_TYPE",
        "The body's Content-Type is not one the call accepts.",
        "Unsupported media type in request.",
    )
    PAYLOAD_TOO_LARGE = (
        "PAYLOAD_TOO_LARGE",
        "The request body is over the configured size.",
        "Request body exceeds the size limit.",
    )
    HEADERS_TOO_LARGE = (
        "HEADERS_TOO_LARGE",
        "The request line and headers are over the configured size (HTTP 431).",
        "The request line and headers exceed the size limit.",
    )
    REQUEST_TIMEOUT = (
        "REQUEST_TIMEOUT",
        "The request's head or body did not arrive in the configured time (HTTP 408).",
        "The request was not received in time.",
    )
    INTERNAL_ERROR = (
        "INTERNAL_ERROR",
        "An unexpected fault of the service; quote the request id to its operators.",
        "Internal server error.",
    )
    SERVICE_UNAVAILABLE = (
        "SERVICE_UNAVAILABLE",
        "The database or Redis is unreachable for now; retry after the time given.",
        "The service is temporarily unavailable; try again shortly.",
    )
    INVALID_PASSWORD = (
        "INVALID_PASSWORD",
        "The account's current password given is wrong.",
        "The password is incorrect.",
    )
    INVALID_URL = (
        "INVALID_URL",
        "Not an http(s) URL, or longer than allowed.",
        "Enter a valid URL.",
    )
    INVALID_IMAGE = (
        "INVALID_IMAGE",
        "Not a PNG, JPEG, WebP or GIF file that decodes, or too many pixels, or not a file.",
        "Upload a valid image.",
    )
    IMAGE_TOO_LARGE = (
        "IMAGE_TOO_LARGE",
        "The image file is over the configured size.",
        "The image file is too large.",
    )
    INVALID_PHONE = (
        "INVALID_PHONE",
        "Not a phone number of 7 to 15 digits.",
        "Enter a valid phone number.",
    )
    INVALID_USER_CONFIG = (
        "INVALID_USER_CONFIG",
        "The settings are not valid JSON.",
        "Enter valid JSON text.",
    )
    USER_CONFIG_TOO_LARGE = (
        "USER_CONFIG_TOO_LARGE",
        "The settings are over the configured size, in bytes of their JSON text.",
        "The settings are too large.",
    )
    QUERY_TOO_COMPLEX = (
        "QUERY_TOO_COMPLEX",
        "A GraphQL document over a limit: size, depth, aliases, tokens or cost.",
        "The document is over a limit of this service.",
    )
    INVALID_HOST = (
        "INVALID_HOST",
        "The request's Host is not one the service answers for (FLOWBACK_ALLOWED_HOSTS).",
        "This service does not answer for this host.",
    )
    # The persisted-query codes' messages are Apollo's, which its clients match on.
    PERSISTED_QUERY_NOT_FOUND = (
        "PERSISTED_QUERY_NOT_FOUND",
        (
            "GraphQL: no document is stored under this automatic persisted query hash (yet); send "
            "the same request with the document's text to register it."
        ),
        "PersistedQueryNotFound",
    )
    PERSISTED_QUERY_HASH_MISMATCH = (
        "PERSISTED_QUERY_HASH_MISMATCH",
        "GraphQL: the persisted query hash sent is not the SHA-256 of the document's text.",
        "provided sha does not match query",
    )
    PERSISTED_QUERY_NOT_IN_LIST = (
        "PERSISTED_QUERY_NOT_IN_LIST",
        (
            "GraphQL: the document is not one of the trusted documents, which alone run here "
            "(FLOWBACK_GRAPHQL_TRUSTED_DOCUMENTS)."
        ),
        "This document is not one of the trusted documents, which alone run here.",
    )


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with a request; ``field`` is None when it concerns no single field."""

    code: ErrorCode
    message: str
    field: str | None = None

    @classmethod
    def of(cls, code: ErrorCode, field: str | None = None) -> "FieldError":
        """The problem ``code`` on ``field``, told in the code's default message."""
        return cls(code=code, message=code.message, field=field)


class DomainError(Exception):
    """An expected failure, carrying every problem found in one request."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in self.errors))

    @classmethod
    def single(
        cls, code: ErrorCode, message: str | None = None, field: str | None = None
    ) -> "DomainError":
        """One problem; without a ``message``, the code's default one."""
        return cls([FieldError(code=code, message=message or code.message, field=field)])

    @property
    def codes(self) -> list[ErrorCode]:
        return [error.code for error in self.errors]
