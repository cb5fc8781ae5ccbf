"""What a REST handler needs besides the request body: the services, the public base."""

from starlette.requests import Request

from domain.services import Services
from web.forwarded import public_base_url


def services_of(request: Request) -> Services:
    """The application's shared services."""
    services: Services = request.app.state.services
    return services


def public_base_of(request: Request) -> str:
    """Where clients reach the service: ``FLOWBACK_PUBLIC_URL``, or the request's own base."""
    return public_base_url(request, services_of(request).settings.public_url)
