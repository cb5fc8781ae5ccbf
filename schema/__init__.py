"""The GraphQL rendering of the domain: types, queries and one module per mutation.

This package defines the schema (Strawberry types and resolvers, the SDL); requests reach
it through one entry, ``schema.endpoint``, which prepares each document once
(``schema.documents``) and runs it by its compiled plan or by graphql-core.
"""

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
        (``schema.endpoint``, through ``web.faults``); coded answers, outages and invalid
        documents are not faults, and a document's source text may hold a password."""


def build_schema(**options: Any) -> FlowbackSchema:
    """The schema, as plain Strawberry runs it (``schema.execute``): no extension, no limit.
    The service serves it through ``schema.endpoint``, which applies the limits."""
    return FlowbackSchema(query=Query, mutation=Mutation, **options)


def app_schema(settings: Settings) -> FlowbackSchema:
    """The schema the service serves; the same for every ``settings`` (the limits of
    ``settings`` are the entry's, ``schema.documents.preparation_for``)."""
    return build_schema()


__all__ = ["app_schema", "build_schema"]
