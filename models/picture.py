from tortoise import fields
from tortoise.models import Model

from models.user import User


class ReplacedPicture(Model):
    """Readable until housekeeping deletes it; an update's pictures have a row too until it
    lands (``domain.pictures``)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="replaced_pictures", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=500)
    replaced_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "replaced_pictures"
