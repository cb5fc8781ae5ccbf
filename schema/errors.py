"""Top-level GraphQL errors, each with ``extensions.code``: a domain code, or Apollo's for a
request that fails before any resolver runs."""

from typing import Final

from graphql import GraphQLError

from domain.errors import DomainError, ErrorCode

#: The document is not GraphQL (a syntax error).
GRAPHQL_PARSE_FAILED: Final = "GRAPHQL_PARSE_FAILED"
#: The document is GraphQL, but not valid against the schema.
GRAPHQL_VALIDATION_FAILED: Final = "GRAPHQL_VALIDATION_FAILED"
#: The request's variables do not fit the operation, or a representation is not an entity.
BAD_USER_INPUT: Final = "BAD_USER_INPUT"


def unauthenticated() -> GraphQLError:
    return GraphQLError(
        "Authentication credentials were not provided or are invalid.",
        extensions={"code": ErrorCode.UNAUTHENTICATED.value},
    )


def from_domain(error: DomainError) -> GraphQLError:
    first = error.errors[0]
    extensions: dict[str, object] = {"code": first.code.value}
    if first.field is not None:
        extensions["field"] = first.field
    return GraphQLError(first.message, extensions=extensions)


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    """Unless it has one already."""
    extensions = error.extensions or {}
    if "code" not in extensions:
        error.extensions = {**extensions, "code": code}
    return error
