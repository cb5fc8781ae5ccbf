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

from domain.availability import RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE, is_outage
from domain.errors import ErrorCode
from domain.settings import Settings
from observability.record import note_error_codes
from observability.request_id import current_request_id
from schema.budget import DocumentBudget, DocumentLimits
from web.guard import INTERNAL_ERROR_DETAIL

logger = logging.getLogger("flowback.errors")
# Names cannot hold "?", so a suggestion ends at the first one; a message may go on after
# it ("... Did you mean 'username'? Found: ..." for fields of input objects).
_SUGGESTION = re.compile(r" Did you mean [^?]*\?")


def is_unexpected(error: GraphQLError) -> bool:
    """An exception no resolver meant to raise: not a validation error, not a coded answer."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    """Replace unexpected errors by a generic message carrying the request id."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message=INTERNAL_ERROR_DETAIL)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = current_request_id()
        if error.original_error is not None and is_outage(error.original_error):
            return self._unavailable(error, request_id)
        logger.error(
            "unexpected GraphQL error, path=%s",
            error.path,
            extra={"request_id": request_id},
            exc_info=error.original_error,
        )
        note_error_codes([ErrorCode.INTERNAL_ERROR])
        masked = super().anonymise_error(error)
        masked.extensions = {"code": ErrorCode.INTERNAL_ERROR.value, "request_id": request_id}
        return masked

    def _unavailable(self, error: GraphQLError, request_id: str | None) -> GraphQLError:
        """An outage: 503 with ``Retry-After`` on the HTTP response, one log line."""
        logger.warning(
            "backing service unavailable (%r)",
            error.original_error,
            extra={"request_id": request_id},
        )
        note_error_codes([ErrorCode.SERVICE_UNAVAILABLE])
        response = getattr(self.execution_context.context, "response", None)
        if response is not None:
            response.status_code = 503
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return GraphQLError(
            UNAVAILABLE_MESSAGE,
            nodes=error.nodes,
            path=error.path,
            extensions={"code": ErrorCode.SERVICE_UNAVAILABLE.value, "request_id": request_id},
        )


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
        partial(DocumentBudget, limits=budget),
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
