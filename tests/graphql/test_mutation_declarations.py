"""A mutation's payload type is named after it and has the fields of the answer it gives."""

import pytest
import strawberry

from schema.context import Info
from schema.mutations.payloads import OkPayload, TokenPayload, mutation


def test_the_payload_is_named_after_the_mutation_with_the_answers_fields() -> None:
    @mutation(description="Sign the example in.")
    async def sign_example_in(info: Info) -> TokenPayload:
        raise NotImplementedError

    @mutation(description="Mark the example.")
    async def mark_example(info: Info) -> OkPayload:
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
    with pytest.raises(TypeError, match="unanswered must be annotated with the answer it gives"):

        @mutation(description="No answer.")  # type: ignore[arg-type] # mypy refuses it too
        async def unanswered(info: Info) -> bool:
            raise NotImplementedError
