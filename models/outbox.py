from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

#: The longest recipient: a webhook endpoint's URL (a mail address is at most 254).
RECIPIENT_MAX_LENGTH = 2000


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxKind(StrEnum):
    MAIL = "mail"
    #: Something that happened to a user, to be fanned out to every webhook endpoint.
    EVENT = "event"
    #: One event on its way to one webhook endpoint.
    WEBHOOK = "webhook"


class OutboxMessage(Model):
    """``content`` (which may hold a code) is erased once delivered; ``message_id`` stays, so a
    resend keeps its ``Message-ID`` or ``webhook-id``. A ``sending`` row belongs to
    ``lease_owner`` until ``leased_until``."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(OutboxKind, max_length=16, default=OutboxKind.MAIL)
    message_id = fields.CharField(max_length=255, unique=True)
    recipient = fields.CharField(max_length=RECIPIENT_MAX_LENGTH)
    subject = fields.CharField(max_length=255)
    content = fields.TextField(null=True)
    ordering_key = fields.CharField(max_length=100, null=True)
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
        # A relay looks for due work of its kinds by status and time; sent rows must not be
        # scanned.
        indexes = (("status", "next_attempt_at"), ("kind", "status", "next_attempt_at"))
