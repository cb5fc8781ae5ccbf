"""Django settings of the peer: production-like, JSON only, the bench's database."""

import os
from typing import Any

DEBUG = False
SECRET_KEY = "bench-only-secret-of-a-throwaway-database"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.peers.drf.urls"
USE_TZ = True
MEDIA_URL = "/media/"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "bench.peers.drf",
]
# Django's default stack less sessions and messages, which a token-only API does not use.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["bench.peers.drf.authentication.HashedTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "bench.peers.drf.pagination.UserPagination",
}


def _database(url: str) -> dict[str, Any]:
    """Django's form of the service's ``sqlite://PATH`` or ``postgres://user@host:port/db``."""
    if url.startswith("sqlite://"):
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": url.removeprefix("sqlite://")}
    credentials, _, location = url.split("://", 1)[1].rpartition("@")
    user, _, password = credentials.partition(":")
    host_port, _, name = location.partition("/")
    host, _, port = host_port.partition(":")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": user,
        "PASSWORD": password,
        "HOST": host,
        "PORT": port or "5432",
        # Persistent, as a tuned deployment runs it: no connection set up per request.
        "CONN_MAX_AGE": None,
    }


DATABASES = {"default": _database(os.environ["FLOWBACK_DATABASE_URL"])}
