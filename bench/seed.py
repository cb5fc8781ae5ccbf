"""A fresh, migrated database filled through the service's own code.

Users come from ``OperatorAccounts.seed`` (``domain.operator_accounts``; what ``python main.py
seed`` runs: bulk inserts, one bcrypt hash for everyone), the token from ``Sessions.login``
(``domain.sessions``); only what the service never writes in bulk is added here: profile
images on every other user (so a page carries them, as real data would) and pending
registrations whose codes the bench knows.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from adapters.composition import compose
from adapters.database import dialect
from commands.orm import orm
from config.settings import Settings
from domain.codes import digest
from models import PendingRegistration, User

PASSWORD = "bench horse battery staple 2026"
PREFIX = "bench"
SIGNED_IN = f"{PREFIX}1"
_IMAGE_URL = "'https://example.com/media/' || id || '.png'"
_IMAGES = f"UPDATE users SET profile_image = {_IMAGE_URL} WHERE id % 2 = 1"  # noqa: S608


@dataclass(frozen=True, slots=True)
class Seeded:
    users: int
    token: str
    login_username: str
    verification_codes: list[str]


async def seed(*, database_url: str, users: int, pending: int) -> Seeded:
    """Insert ``users`` active users, one live token and ``pending`` registrations.

    The database must already be migrated and empty. Passwords are hashed at the default
    (production) bcrypt cost, so logins check exactly as in production.
    """
    settings = Settings(_env_file=None, database_url=database_url, email_backend="memory")
    async with orm(settings):
        composition = compose(settings)
        accounts = composition.rules.operator_accounts
        await accounts.seed(count=users, prefix=PREFIX, password=PASSWORD)
        connection = User._meta.db
        await connection.execute_script(_IMAGES)
        token = await composition.rules.sessions.login(username=SIGNED_IN, password=PASSWORD)
        codes = [str(uuid.uuid4()) for _ in range(pending)]
        expires = datetime.now(UTC) + timedelta(days=1)
        await PendingRegistration.bulk_create(
            [
                PendingRegistration(
                    username=f"verified{number}",
                    email=f"verified{number}@example.com",
                    code_hash=digest(code),
                    expires_at=expires,
                )
                for number, code in enumerate(codes, start=1)
            ],
            batch_size=500,
        )
        # As autovacuum / a long-lived SQLite file would leave the planner's statistics.
        await connection.execute_script(
            "ANALYZE" if dialect(database_url) == "sqlite" else "VACUUM ANALYZE"
        )
    return Seeded(users=users, token=token, login_username=SIGNED_IN, verification_codes=codes)
