"""The documented Flowback REST API, rendered from the same domain calls as GraphQL."""

from rest_facade.responses import domain_error_handler
from rest_facade.routes import routes

__all__ = ["domain_error_handler", "routes"]
