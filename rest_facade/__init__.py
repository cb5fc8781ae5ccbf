from rest_facade import forward_auth, introspection
from rest_facade.dialect import domain_error_handler
from rest_facade.media import media_routes
from rest_facade.openapi import openapi_endpoint
from rest_facade.routes import api_routes

#: The calls of the rest of the platform: reverse proxies and services, not apps.
platform_routes = [*forward_auth.routes, *introspection.routes]

__all__ = [
    "api_routes",
    "domain_error_handler",
    "media_routes",
    "openapi_endpoint",
    "platform_routes",
]
