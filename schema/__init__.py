from typing import Any

from graphql import GraphQLError
from strawberry.types import ExecutionContext

from config.settings import Settings
from schema.federation import FederatedSchema
from schema.mutations import Mutation
from schema.queries import Query


class FlowbackSchema(FederatedSchema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log nothing here: an unexpected error is logged once, where it is classified
        (``schema.endpoint``, through ``web.faults``); a document's text may hold a password."""


def build_schema(**options: Any) -> FlowbackSchema:
    """As plain Strawberry runs it (``schema.execute``): no extension, no limit; the service
    serves it through ``schema.endpoint``, which applies the limits."""
    return FlowbackSchema(query=Query, mutation=Mutation, **options)


def app_schema(settings: Settings) -> FlowbackSchema:
    """The same for every ``settings``: its limits are the entry's."""
    return build_schema()


__all__ = ["app_schema", "build_schema"]
