from tortoise import fields
from tortoise.models import Model

#: The longest folded form (and skeleton) a username may have: compatibility forms and
#: prototypes can expand a character.
USERNAME_KEY_MAX_LENGTH = 480


class User(Model):
    """``username_key`` is the case-folded username that must be unique."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=120)
    username_key = fields.CharField(max_length=USERNAME_KEY_MAX_LENGTH, unique=True)
    #: The username's look (its folded UTS #39 skeleton), unique: no two names look alike.
    #: NULL for a deleted account, and for the later of two look-alike names made before
    #: the rule (migration 8), which keep working and block no one.
    username_skeleton = fields.CharField(max_length=USERNAME_KEY_MAX_LENGTH, unique=True, null=True)
    email = fields.CharField(max_length=254, unique=True, null=True)
    password_hash = fields.CharField(max_length=128)
    profile_image = fields.CharField(max_length=500, null=True)
    banner_image = fields.CharField(max_length=500, null=True)
    bio = fields.TextField(null=True)
    website = fields.CharField(max_length=500, null=True)
    contact_email = fields.CharField(max_length=254, null=True)
    contact_phone = fields.CharField(max_length=20, null=True)
    user_config = fields.TextField(null=True)
    email_notifications = fields.BooleanField(default=False)
    dark_theme = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    date_joined = fields.DatetimeField(auto_now_add=True)

    class Meta:
        # Every list counts the active users and pages them by id: both read only this
        # narrow index (index-only on PostgreSQL), however deep the page.
        indexes = (("is_active", "id"),)
        table = "users"
