"""What the sign-in rules (``domain.sessions``) read, until they hold their own dependencies."""

from typing import Protocol

from config.settings import Settings
from domain.clock import Clock
from domain.passwords import PasswordHasher
from domain.ratelimit import Limiter


class Services(Protocol):
    @property
    def settings(self) -> Settings: ...

    @property
    def limiter(self) -> Limiter: ...

    @property
    def hasher(self) -> PasswordHasher: ...

    @property
    def clock(self) -> Clock: ...
