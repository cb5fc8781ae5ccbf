"""The documented Flowback REST API, rendered from the same domain calls as GraphQL."""

from rest_facade import account
from rest_facade.dialect import domain_error_handler
from rest_facade.media import media_routes
from rest_facade.routes import routes as core_routes

routes = [*core_routes, *account.routes]

__all__ = ["domain_error_handler", "media_routes", "routes"]
