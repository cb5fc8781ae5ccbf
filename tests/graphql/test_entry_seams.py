"""The entry's two seams for stored documents (``schema.endpoint``): a finder that turns a
request into the document it names, and a hook told of each document that prepared."""

import json

import pytest
from graphql import GraphQLError

from adapters.composition import Composition
from schema.context import Context
from schema.documents import sha256_of
from schema.endpoint import (
    GraphQLEndpoint,
    Payload,
    QueryText,
    RequestRefusedError,
)

QUERY = "{ __typename }"


def context_of(composition: Composition) -> Context:
    return Context(settings=composition.settings, rules=composition.rules)


async def stored_by_id(payload: Payload, context: Context) -> QueryText | None:
    """A finder of documents named by ``documentId``: a known one, or a refusal."""
    document_id = payload.get("documentId")
    if document_id is None:
        return None
    texts = {"known": QUERY, "broken": "{ nope }"}
    if document_id not in texts:
        not_listed = GraphQLError(
            "Not in the list.", extensions={"code": "PERSISTED_QUERY_NOT_IN_LIST"}
        )
        raise RequestRefusedError(not_listed, status=403, headers={"Cache-Control": "no-cache"})
    text = texts[document_id]
    return QueryText(text=text, digest=sha256_of(text))


@pytest.fixture
def prepared_documents() -> list[str]:
    return []


@pytest.fixture
def endpoint(composition: Composition, prepared_documents: list[str]) -> GraphQLEndpoint:
    async def note(document: QueryText) -> None:
        prepared_documents.append(document.text)

    return GraphQLEndpoint(
        composition.settings, composition.rules, find_document=stored_by_id, on_prepared=note
    )


async def test_a_finder_names_the_document_a_request_runs(
    endpoint: GraphQLEndpoint, composition: Composition, prepared_documents: list[str]
) -> None:
    answer = await endpoint.answer({"documentId": "known"}, context_of(composition))
    assert json.loads(answer.body) == {"data": {"__typename": "Query"}}
    assert prepared_documents == [QUERY]


async def test_the_hook_hears_of_documents_that_prepared_only(
    endpoint: GraphQLEndpoint, composition: Composition, prepared_documents: list[str]
) -> None:
    answer = await endpoint.answer({"documentId": "broken"}, context_of(composition))
    assert json.loads(answer.body)["errors"][0]["extensions"]["code"] == (
        "GRAPHQL_VALIDATION_FAILED"
    )
    assert prepared_documents == []


async def test_a_finder_refuses_with_its_own_status_and_headers(
    endpoint: GraphQLEndpoint, composition: Composition
) -> None:
    answer = await endpoint.answer({"documentId": "other"}, context_of(composition))
    assert (answer.status, answer.headers) == (403, {"Cache-Control": "no-cache"})
    assert json.loads(answer.body) == {
        "errors": [
            {
                "message": "Not in the list.",
                "extensions": {"code": "PERSISTED_QUERY_NOT_IN_LIST"},
            }
        ]
    }
