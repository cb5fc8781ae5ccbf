"""What every domain operation may need (built once per application by ``adapters.composition``)."""

from dataclasses import dataclass

from config.settings import Settings
from domain.clock import Clock
from domain.images import DecodeSlots
from domain.mail import Mailer
from domain.media import MediaStorage
from domain.passwords import PasswordHasher
from domain.ratelimit import Limiter


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    mailer: Mailer
    hasher: PasswordHasher
    limiter: Limiter
    media: MediaStorage
    # Every "now" that decides an expiry is read from here.
    clock: Clock
    image_slots: DecodeSlots
