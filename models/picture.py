from tortoise import fields
from tortoise.models import Model

from models.user import User


class ReplacedPicture(Model):
    """A picture its account no longer shows, readable until housekeeping deletes it.

    Pages still showing it keep loading it meanwhile. An update's pictures have a row too
    until the update lands, so that the files of one that fails go the same way
    (``domain.pictures``).
    """

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="replaced_pictures", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=500)
    replaced_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "replaced_pictures"
