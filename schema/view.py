"""The Strawberry ASGI view: builds each request's context from the shared services."""

from starlette.requests import Request
from strawberry.asgi import GraphQL

from domain.services import Services
from schema import schema
from schema.context import Context


class GraphQLView(GraphQL[Context, None]):
    def __init__(self, services: Services) -> None:
        super().__init__(schema)
        self.services = services

    async def get_context(self, request: Request, response: object) -> Context:  # type: ignore[override]
        return Context(
            services=self.services,
            authorization=request.headers.get("authorization"),
            client_ip=request.client.host if request.client else None,
        )
