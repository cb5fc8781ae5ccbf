from tortoise import fields
from tortoise.models import Model


class MailedCode(Model):
    """Only the code's SHA-256 is kept."""

    id = fields.IntField(primary_key=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        abstract = True
