from tortoise import fields
from tortoise.models import Model


class PendingRegistration(Model):
    """A registration waiting for its emailed code; only the code's SHA-256 is kept."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=120)
    email = fields.CharField(max_length=254, db_index=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "pending_registrations"
