"""The GraphQL rendering of the domain: types, queries and one module per mutation."""

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from domain.availability import is_outage
from schema.mutations import Mutation
from schema.observability import OperationRecorder
from schema.queries import Query


class FlowbackSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only unexpected errors; coded answers, invalid documents and outages (logged
        as one line by ``schema.limits``) are not faults.

        Invalid documents are not logged because their source text may hold a password.
        """
        unexpected = [
            error
            for error in errors
            if "code" not in (error.extensions or {})
            and error.original_error is not None
            and not is_outage(error.original_error)
        ]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema(**options: Any) -> FlowbackSchema:
    extensions = [*options.pop("extensions", []), OperationRecorder]
    return FlowbackSchema(query=Query, mutation=Mutation, extensions=extensions, **options)


schema = build_schema()

__all__ = ["build_schema", "schema"]
