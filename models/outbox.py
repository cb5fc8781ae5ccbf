from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Model):
    """A mail written in the same transaction as the change that caused it.

    ``content`` is the whole rendered message (it may hold a verification code) and is erased
    once the message is sent; ``message_id`` stays, so a resend keeps its ``Message-ID``.
    A ``sending`` row belongs to ``lease_owner`` until ``leased_until``; after that any relay
    may take it again.
    """

    id = fields.IntField(primary_key=True)
    message_id = fields.CharField(max_length=255, unique=True)
    recipient = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=255)
    content = fields.TextField(null=True)
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    lease_owner = fields.CharField(max_length=100, null=True)
    leased_until = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_messages"
        # The relay looks for due work by status and time; sent rows must not be scanned.
        indexes = (("status", "next_attempt_at"),)
