"""The composition root: the concrete adapters, and the rules built over them once per
application."""

from dataclasses import dataclass

from adapters.document_storage import DocumentStorage, build_document_storage
from adapters.limiter_storage import build_limiter
from adapters.mailers import build_mailer
from adapters.media_storage import build_storage
from config.settings import Settings
from domain.account_deletion import AccountDeletion
from domain.clock import Clock, SystemClock
from domain.email_change import EmailChange
from domain.images import DecodeSlots
from domain.introspection import Introspection
from domain.mail import Mailer
from domain.operator_accounts import OperatorAccounts
from domain.password_change import PasswordChange
from domain.password_reset import PasswordReset
from domain.passwords import PasswordHasher
from domain.profile_update import ProfileUpdate
from domain.ratelimit import Limiter
from domain.registration import Registration
from domain.rules import Rules
from domain.sessions import Sessions


@dataclass(frozen=True, slots=True)
class Composition:
    settings: Settings
    mailer: Mailer
    limiter: Limiter
    hasher: PasswordHasher
    # Every "now" that decides an expiry is read from here.
    clock: Clock
    rules: Rules
    # GraphQL's automatic persisted queries, in memory and in Redis if there is one.
    documents: DocumentStorage


def compose(
    settings: Settings,
    *,
    mailer: Mailer | None = None,
    limiter: Limiter | None = None,
    clock: Clock | None = None,
    documents: DocumentStorage | None = None,
) -> Composition:
    """The adapters ``settings`` name, or the ``mailer``, ``limiter``, ``clock`` and
    persisted-query ``documents`` given."""
    mailer = mailer or build_mailer(settings)
    limiter = limiter or build_limiter(settings)
    clock = clock or SystemClock()
    hasher = PasswordHasher(
        rounds=settings.bcrypt_rounds,
        concurrency=settings.hash_concurrency,
        queue_size=settings.hash_queue_size,
        per_account=settings.hash_queue_per_account,
        per_address=settings.hash_queue_per_address,
    )
    media = build_storage(root=settings.media_root)
    image_slots = DecodeSlots(concurrency=settings.image_concurrency)
    sessions = Sessions(
        limiter=limiter,
        hasher=hasher,
        clock=clock,
        token_max_age=settings.token_max_age,
        token_idle_timeout=settings.token_idle_timeout,
    )
    rules = Rules(
        registration=Registration(limiter=limiter, hasher=hasher, clock=clock, settings=settings),
        sessions=sessions,
        password_reset=PasswordReset(
            limiter=limiter, hasher=hasher, clock=clock, settings=settings
        ),
        password_change=PasswordChange(limiter=limiter, hasher=hasher, settings=settings),
        account_deletion=AccountDeletion(limiter=limiter, hasher=hasher, media=media),
        email_change=EmailChange(limiter=limiter, hasher=hasher, clock=clock, settings=settings),
        profile_update=ProfileUpdate(
            media=media, image_slots=image_slots, settings=settings, clock=clock
        ),
        operator_accounts=OperatorAccounts(hasher=hasher, settings=settings),
        introspection=Introspection(
            sessions=sessions, clients=tuple(settings.introspection_clients)
        ),
        media=media,
    )
    return Composition(
        settings=settings,
        mailer=mailer,
        limiter=limiter,
        hasher=hasher,
        clock=clock,
        rules=rules,
        documents=documents or build_document_storage(settings),
    )
