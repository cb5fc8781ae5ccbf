"""A mutation's payload type is written beside it, named after it, with the fields of the
answer it extends."""

import pytest
import strawberry

from schema.context import Info
from schema.mutations.payloads import OkPayload, TokenPayload, mutation, payload


@payload
class SignExampleInPayload(TokenPayload):
    pass


@payload
class MarkExamplePayload(OkPayload):
    pass


def test_the_payload_is_named_after_the_mutation_with_the_answers_fields() -> None:
    @mutation(description="Sign the example in.")
    async def sign_example_in(info: Info) -> SignExampleInPayload:
        raise NotImplementedError

    @mutation(description="Mark the example.")
    async def mark_example(info: Info) -> MarkExamplePayload:
        raise NotImplementedError

    @strawberry.type
    class Mutation:
        sign = sign_example_in
        mark = mark_example

    @strawberry.type
    class Query:
        ping: bool = True

    schema = strawberry.Schema(query=Query, mutation=Mutation)
    sdl = str(schema)
    assert "sign: SignExampleInPayload!" in sdl and "mark: MarkExamplePayload!" in sdl
    types = schema._schema.type_map
    assert list(types["SignExampleInPayload"].fields) == ["token", "errors"]  # type: ignore[attr-defined]
    assert list(types["MarkExamplePayload"].fields) == ["ok", "errors"]  # type: ignore[attr-defined]
    assert types["SignExampleInPayload"].description == (
        "What `signExampleIn` answers: a new API token, or why not."
    )


def test_a_resolver_not_annotated_with_an_answer_is_refused() -> None:
    with pytest.raises(TypeError, match="unanswered must be annotated with its payload"):

        @mutation(description="No answer.")  # type: ignore[arg-type] # mypy refuses it too
        async def unanswered(info: Info) -> bool:
            raise NotImplementedError


def test_a_resolver_annotated_with_another_mutations_payload_is_refused() -> None:
    with pytest.raises(TypeError, match="must be annotated with its payload, MarkOtherPayload"):

        @mutation(description="Borrowed answer.")
        async def mark_other(info: Info) -> MarkExamplePayload:
            raise NotImplementedError
