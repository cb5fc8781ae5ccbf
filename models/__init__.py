"""Tortoise ORM tables. Every change to them goes through an aerich migration."""

from models.counts import UserCount
from models.email_change import EmailChange
from models.outbox import OutboxMessage, OutboxStatus
from models.password_reset import PasswordReset
from models.registration import PendingRegistration
from models.token import ApiToken
from models.user import User

__all__ = [
    "ApiToken",
    "EmailChange",
    "OutboxMessage",
    "OutboxStatus",
    "PasswordReset",
    "PendingRegistration",
    "User",
    "UserCount",
]
