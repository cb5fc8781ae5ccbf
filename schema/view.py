"""The Strawberry ASGI view: builds each request's context from the shared services."""

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.asgi import GraphQL

from domain.services import Services
from explore.pages import graphiql_html
from schema import schema
from schema.context import Context


class GraphQLView(GraphQL[Context, None]):
    def __init__(self, services: Services) -> None:
        # GraphiQL is for developers; production answers GET /graphql with 404.
        production = services.settings.env == "production"
        super().__init__(schema, graphql_ide=None if production else "graphiql")
        self.services = services

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our own GraphiQL page, served from vendored files (works offline)."""
        return HTMLResponse(graphiql_html())

    async def get_context(self, request: Request, response: object) -> Context:  # type: ignore[override]
        return Context(
            services=self.services,
            authorization=request.headers.get("authorization"),
            client_ip=request.client.host if request.client else None,
        )
