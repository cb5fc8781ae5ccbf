"""What every domain operation may need, built once per application."""

from dataclasses import dataclass

from domain.clock import Clock, SystemClock
from domain.images import DecodeSlots
from domain.mail import Mailer, build_mailer
from domain.media import MediaStorage, build_storage
from domain.passwords import PasswordHasher
from domain.ratelimit import Limiter, build_limiter
from domain.settings import Settings


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


def build_services(
    settings: Settings,
    *,
    mailer: Mailer | None = None,
    limiter: Limiter | None = None,
    clock: Clock | None = None,
) -> Services:
    hasher = PasswordHasher(rounds=settings.bcrypt_rounds, concurrency=settings.hash_concurrency)
    return Services(
        settings=settings,
        mailer=mailer or build_mailer(settings),
        hasher=hasher,
        limiter=limiter or build_limiter(settings),
        media=build_storage(root=settings.media_root),
        clock=clock or SystemClock(),
        image_slots=DecodeSlots(concurrency=settings.image_concurrency),
    )
