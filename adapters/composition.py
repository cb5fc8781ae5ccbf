"""The composition root: the concrete adapters the rules run on, built once per application."""

from adapters.limiter_storage import build_limiter
from adapters.mailers import build_mailer
from adapters.media_storage import build_storage
from config.settings import Settings
from domain.clock import Clock, SystemClock
from domain.images import DecodeSlots
from domain.mail import Mailer
from domain.passwords import PasswordHasher
from domain.ratelimit import Limiter
from domain.services import Services


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
