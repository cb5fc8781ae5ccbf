"""The service's tables as unmanaged Django models (read only here)."""

from django.db import models


class User(models.Model):
    username = models.CharField(max_length=120)
    email = models.CharField(max_length=254, null=True)
    profile_image = models.ImageField(max_length=500, null=True)
    is_active = models.BooleanField()

    class Meta:
        managed = False
        db_table = "users"

    @property
    def is_authenticated(self) -> bool:
        return True


class ApiToken(models.Model):
    token_hash = models.CharField(max_length=64)
    user = models.ForeignKey(User, on_delete=models.DO_NOTHING)
    revoked_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "api_tokens"
