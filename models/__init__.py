"""Tortoise ORM tables. Every change to them goes through an aerich migration."""

from models.counts import UserCount
from models.email_change import EmailChange
from models.outbox import OutboxKind, OutboxMessage, OutboxStatus
from models.password_reset import PasswordReset
from models.picture import ReplacedPicture
from models.registration import PendingRegistration
from models.token import ApiToken
from models.user import User

# Primary keys are 32-bit in the database; a larger id matches nobody (PostgreSQL would
# refuse it as a value).
ID_RANGE = range(1, 2**31)

__all__ = [
    "ID_RANGE",
    "ApiToken",
    "EmailChange",
    "OutboxKind",
    "OutboxMessage",
    "OutboxStatus",
    "PasswordReset",
    "PendingRegistration",
    "ReplacedPicture",
    "User",
    "UserCount",
]
