"""Secrets handed to users (verification codes, API tokens) and how they are stored.

Only the SHA-256 digest of a code or token is ever written to the database.
"""

import hashlib
import secrets
import uuid


def new_verification_code() -> str:
    return str(uuid.uuid4())


def new_api_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def canonical_uuid(value: str) -> str | None:
    """The canonical text of a UUID4 code, or None when ``value`` is not one."""
    try:
        parsed = uuid.UUID(value.strip())
    except (ValueError, AttributeError):
        return None
    return str(parsed) if parsed.version == 4 else None
