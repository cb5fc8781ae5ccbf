"""DRF's ``Token <key>`` scheme over the service's tokens.

Its own module: DRF imports the authentication classes while ``rest_framework.views``
is still loading, so they cannot live beside the views.
"""

import hashlib

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from bench.peers.drf.models import ApiToken, User


class HashedTokenAuthentication(TokenAuthentication):
    """DRF's ``Token <key>`` scheme over the service's tokens, which are stored as SHA-256."""

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        digest = hashlib.sha256(key.encode()).hexdigest()
        token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=digest, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        return token.user, token
