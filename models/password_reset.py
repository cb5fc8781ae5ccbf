from tortoise import fields
from tortoise.models import Model

from models.user import User


class PasswordReset(Model):
    """An emailed password-reset code; only the code's SHA-256 is kept."""

    id = fields.IntField(primary_key=True)
    # Null for a request about an address without an account: such a row is written
    # already expired, so that both kinds of request run the same statements.
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="password_resets", on_delete=fields.CASCADE, null=True
    )
    code_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "password_resets"
