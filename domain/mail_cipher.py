"""The outbox's mail encrypted at rest (Fernet; docs/operating/mail.md#the-key)."""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from config.settings import Settings, mail_keys

DEVELOPMENT_KEY_LABEL = b"flowback development mail key: not a secret"


class UnreadableMailError(Exception):
    """None of the configured keys opens it (the key was changed)."""


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
    """Built once per key."""
    secret = settings.mail_key.get_secret_value() if settings.mail_key else None
    return _cipher_for(secret)


@lru_cache(maxsize=8)
def _cipher_for(secret: str | None) -> MailCipher:
    return MailCipher(mail_keys(secret) if secret else [development_key()])
