from tortoise import fields
from tortoise.models import Model

from models.user import User


class EmailChange(Model):
    """Only the code's SHA-256 is kept; a request for an address in use is written already
    expired."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="email_changes", on_delete=fields.CASCADE
    )
    new_email = fields.CharField(max_length=254)
    code_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "email_changes"
