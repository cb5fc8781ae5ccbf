"""Secrets handed to users; only their SHA-256 digest is ever stored."""

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
    try:
        parsed = uuid.UUID(value.strip())
    except (ValueError, AttributeError):
        return None
    return str(parsed) if parsed.version == 4 else None
