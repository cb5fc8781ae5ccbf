from tortoise import fields
from tortoise.models import Model

from models.user import User

USER_AGENT_MAX_LENGTH = 255
CLIENT_IP_MAX_LENGTH = 64


class ApiToken(Model):
    """Only its SHA-256 is kept. A row is also a session: when it began, was last used, and from
    which client."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="tokens", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    user_agent = fields.CharField(max_length=USER_AGENT_MAX_LENGTH, null=True)
    client_ip = fields.CharField(max_length=CLIENT_IP_MAX_LENGTH, null=True)

    class Meta:
        table = "api_tokens"
