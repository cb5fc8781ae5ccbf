"""Mail bodies at rest: the outbox stores each rendered mail encrypted (Fernet, AES-128-CBC
with an HMAC-SHA256), so a copy of the database (a backup taken while the mail server is
down) holds no readable code, and nobody who can only write to the database can forge a
mail the relay would send.

The key comes from ``FLOWBACK_MAIL_KEY`` (one or more comma-separated Fernet keys: the first
encrypts, every one decrypts, so a key can be rotated while mail waits). Production refuses
to start without it. In development without one, a fixed key derived from a public label
is used, so queued mail survives a restart but the encryption protects nothing.
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from config.settings import Settings, mail_keys

DEVELOPMENT_KEY_LABEL = b"flowback development mail key: not a secret"


class UnreadableMailError(Exception):
    """A stored mail that none of the configured keys opens (the key was changed)."""


def development_key() -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(DEVELOPMENT_KEY_LABEL).digest())


class MailCipher:
    def __init__(self, keys: list[bytes]) -> None:
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except (InvalidToken, UnicodeError):
            raise UnreadableMailError(
                "stored mail cannot be decrypted with FLOWBACK_MAIL_KEY (was the key changed? "
                "list the old key after the new one)"
            ) from None


def mail_cipher(settings: Settings) -> MailCipher:
    """The cipher of ``settings`` (built once per key)."""
    secret = settings.mail_key.get_secret_value() if settings.mail_key else None
    return _cipher_for(secret)


@lru_cache(maxsize=8)
def _cipher_for(secret: str | None) -> MailCipher:
    return MailCipher(mail_keys(secret) if secret else [development_key()])
