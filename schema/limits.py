"""Resource limits and production hardening of the GraphQL schema, built from settings.

Every request is checked before execution: its tokens are limited while it is parsed,
its size with fragments expanded (``schema.budget``) before validation, its depth and
aliases during validation, and in production introspection and "Did you mean …" suggestions are off.
Unexpected exceptions reach the client as ``Internal server error.`` with the request id
in ``extensions``; the traceback goes to the ``flowback.errors`` log with the same id. A
database or Redis outage is ``SERVICE_UNAVAILABLE`` instead, with HTTP 503 and
``Retry-After``.

The validation rules are built once per schema: building them per request (lambdas around
the limiter classes) would defeat any cache keyed by the rules.
"""

import logging
import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from graphql import ASTValidationRule, GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from config.settings import Settings
from domain.errors import ErrorCode
from observability.request_id import current_request_id
from schema.budget import DocumentBudget, DocumentLimits, WithinBudget
from web.faults import INTERNAL_ERROR_DETAIL, report

logger = logging.getLogger("flowback.errors")
# Names cannot hold "?", so a suggestion ends at the first one; a message may go on after
# it ("... Did you mean 'username'? Found: ..." for fields of input objects).
_SUGGESTION = re.compile(r" Did you mean [^?]*\?")
# Distinct documents kept parsed, validated and found within budget; clients send a small
# fixed set of queries.
DOCUMENT_CACHE_SIZE = 512


def is_unexpected(error: GraphQLError) -> bool:
    """An exception no resolver meant to raise: not a validation error, not a coded answer."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    """Replace unexpected errors by a generic message carrying the request id."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message=INTERNAL_ERROR_DETAIL)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        """The error as ``web.faults`` classifies it, logged and counted there: an outage
        is ``SERVICE_UNAVAILABLE`` and makes the HTTP response 503 with ``Retry-After``."""
        original = error.original_error
        assert original is not None  # noqa: S101 - masked errors are the unexpected ones
        fault = report(original, where=f"GraphQL field {error.path}")
        if fault.code is ErrorCode.SERVICE_UNAVAILABLE:
            response = getattr(self.execution_context.context, "response", None)
            if response is not None:
                response.status_code = fault.status
                response.headers.update(fault.headers)
            message = fault.message
        else:
            message = super().anonymise_error(error).message
        extensions = {"code": fault.code.value, "request_id": current_request_id()}
        return GraphQLError(message, nodes=error.nodes, path=error.path, extensions=extensions)


class HideSuggestions(SchemaExtension):
    """Drop "Did you mean …" from error messages, so the schema cannot be mapped by typos."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            error.message = _SUGGESTION.sub("", error.message)


def limit_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    """The validation rules of ``settings``, built once."""
    rules = [
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
    ]
    if settings.env == "production":
        rules.append(NoSchemaIntrospectionCustomRule)
    return rules


def schema_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Extension factories for a schema serving ``settings``; each request gets instances."""
    rules = limit_rules(settings)
    budget = DocumentLimits(
        max_fragments=settings.graphql_max_fragments,
        max_selections=settings.graphql_max_selections,
        introspection=settings.env != "production",
    )
    extensions: list[Callable[[], SchemaExtension]] = [
        partial(DocumentBudget, limits=budget, passed=WithinBudget(maxsize=DOCUMENT_CACHE_SIZE)),
        partial(AddValidationRules, rules),
        partial(MaxTokensLimiter, max_token_count=settings.graphql_max_tokens),
        MaskUnexpectedErrors,
    ]
    if settings.env == "production":
        extensions.append(HideSuggestions)
    return extensions


def schema_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments of ``schema.build_schema`` for ``settings``."""
    return {"extensions": schema_extensions(settings)}
