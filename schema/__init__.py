"""The GraphQL rendering of the domain: types, queries and one module per mutation."""

from functools import partial
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.types import ExecutionContext

from config.settings import Settings
from schema.compiled import CompiledExecutor
from schema.federation import FederatedSchema
from schema.limits import DOCUMENT_CACHE_SIZE, schema_options
from schema.mutations import Mutation
from schema.observability import OperationRecorder
from schema.queries import Query


class FlowbackSchema(FederatedSchema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log nothing here: an unexpected error is logged once, where it is classified
        (``schema.limits.MaskUnexpectedErrors``, through ``web.faults``); coded answers,
        outages and invalid documents are not faults, and a document's source text may hold
        a password."""


def build_schema(**options: Any) -> FlowbackSchema:
    """The schema; parse and validation results are cached before any extra ``extensions``.

    The caches are factories so each request gets its own extension instance while the
    LRU caches themselves (keyed by size) are shared by every request. The validation
    cache is keyed by the rules too, so ``options`` must build its rules once per schema
    (as ``schema.limits`` does), not per request.
    """
    caches = [
        partial(ParserCache, maxsize=DOCUMENT_CACHE_SIZE),
        partial(ValidationCache, maxsize=DOCUMENT_CACHE_SIZE),
    ]
    extensions = [*caches, *options.pop("extensions", ()), OperationRecorder]
    options.setdefault("execution_context_class", CompiledExecutor)
    return FlowbackSchema(query=Query, mutation=Mutation, extensions=extensions, **options)


def app_schema(settings: Settings) -> FlowbackSchema:
    """The schema the service serves: ``build_schema`` hardened by the limits of ``settings``
    (document size and depth, the validation budget, introspection in production)."""
    return build_schema(**schema_options(settings))


__all__ = ["app_schema", "build_schema"]
