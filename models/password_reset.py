from tortoise import fields

from models.mailed_code import MailedCode
from models.user import User


class PasswordReset(MailedCode):
    # Null for a request about an address without an account: such a row is written
    # already expired, so that both kinds of request run the same statements.
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="password_resets", on_delete=fields.CASCADE, null=True
    )

    class Meta:
        table = "password_resets"
