"""Top-level GraphQL errors, for the failures that are not a mutation's payload."""

from graphql import GraphQLError

from domain.errors import DomainError, ErrorCode


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
