"""Top-level GraphQL errors, each with ``extensions.code`` (a domain code, or Apollo's for a
request that fails before any resolver runs), and the errors of a mutation's payload."""

from collections.abc import Collection
from typing import Final

from graphql import GraphQLError, Node

from domain.errors import DomainError, ErrorCode, FieldError
from schema import types
from web.faults import report

#: The document is not GraphQL (a syntax error).
GRAPHQL_PARSE_FAILED: Final = "GRAPHQL_PARSE_FAILED"
#: The document is GraphQL, but not valid against the schema.
GRAPHQL_VALIDATION_FAILED: Final = "GRAPHQL_VALIDATION_FAILED"
#: The request's variables do not fit the operation, or a representation is not an entity.
BAD_USER_INPUT: Final = "BAD_USER_INPUT"


def graphql_error(
    problem: FieldError,
    *,
    nodes: Collection[Node] | None = None,
    path: Collection[str | int] | None = None,
    request_id: str | None = None,
) -> GraphQLError:
    """``problem`` as a top-level error: its message, and in ``extensions`` its code, the
    field it concerns and, for a fault of the service, the request id to quote."""
    extensions: dict[str, object] = {"code": problem.code.value}
    if problem.field is not None:
        extensions["field"] = problem.field
    if request_id is not None:
        extensions["request_id"] = request_id
    return GraphQLError(problem.message, nodes=nodes, path=path, extensions=extensions)


def unauthenticated() -> GraphQLError:
    return graphql_error(FieldError.of(ErrorCode.UNAUTHENTICATED))


def payload_errors(error: DomainError) -> list[types.FieldError]:
    """Counted; each ``field`` still the domain's name (``ArgumentNames`` renames it)."""
    report(error)
    return [
        types.FieldError(field=item.field, code=item.code, message=item.message)
        for item in error.errors
    ]


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    """Unless it has one already."""
    extensions = error.extensions or {}
    if "code" not in extensions:
        error.extensions = {**extensions, "code": code}
    return error
