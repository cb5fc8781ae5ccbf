"""What a REST handler needs to know about the request it serves, besides its body."""

from starlette.requests import Request

from domain.services import Services


def services_of(request: Request) -> Services:
    """The application's shared services."""
    services: Services = request.app.state.services
    return services


def client_ip_of(request: Request) -> str | None:
    """The client's address (as a trusted proxy gave it), which rate limits count."""
    return request.client.host if request.client else None
