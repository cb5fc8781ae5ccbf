from tortoise import fields
from tortoise.models import Model

from models.user import User


class EmailChange(Model):
    """A requested change of an account's address, waiting for the code mailed to the new one.

    Only the code's SHA-256 is kept. A request for an address that already has an account
    is written already expired, so that both kinds of request run the same statements.
    """

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
