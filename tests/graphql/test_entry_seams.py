"""The entry's seam for stored documents (``schema.endpoint.DocumentFinder``): a finder that
turns a request into the document it names, told of each document that prepared, and asked
about a text sent alone only when it says so."""

import json
from dataclasses import dataclass

import pytest
from graphql import GraphQLError

from adapters.composition import Composition
from schema.context import Context
from schema.documents import sha256_of
from schema.endpoint import (
    GraphQLEndpoint,
    Payload,
    RequestRefusedError,
)

QUERY = "{ __typename }"


@dataclass(frozen=True, slots=True)
class QueryText:
    """A ``DocumentSource``: the document's text and its SHA-256."""

    text: str

    @property
    def digest(self) -> str:
        return sha256_of(self.text)


def context_of(composition: Composition) -> Context:
    return Context(settings=composition.settings, rules=composition.rules)


class StoredById:
    """Documents named by ``documentId``: a known one, or a refusal; a text sent alone is
    refused when ``checks_texts``."""

    def __init__(self, *, checks_texts: bool = False) -> None:
        self.checks_texts = checks_texts
        self.prepared_documents: list[str] = []

    async def find(self, payload: Payload, context: Context) -> QueryText | None:
        document_id = payload.get("documentId")
        if document_id is None:
            if self.checks_texts:
                raise _not_listed()
            return None
        texts = {"known": QUERY, "broken": "{ nope }"}
        if document_id not in texts:
            raise _not_listed()
        text = texts[document_id]
        return QueryText(text=text)

    async def prepared(self, document: QueryText) -> None:
        self.prepared_documents.append(document.text)


def _not_listed() -> RequestRefusedError:
    not_listed = GraphQLError(
        "Not in the list.", extensions={"code": "PERSISTED_QUERY_NOT_IN_LIST"}
    )
    return RequestRefusedError(not_listed, status=403, headers={"Cache-Control": "no-cache"})


@pytest.fixture
def stored() -> StoredById:
    return StoredById()


@pytest.fixture
def prepared_documents(stored: StoredById) -> list[str]:
    return stored.prepared_documents


@pytest.fixture
def endpoint(composition: Composition, stored: StoredById) -> GraphQLEndpoint:
    return GraphQLEndpoint(composition.settings, composition.rules, stored_documents=stored)


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


async def test_a_text_sent_alone_runs_without_asking_the_finder(
    endpoint: GraphQLEndpoint, composition: Composition, prepared_documents: list[str]
) -> None:
    answer = await endpoint.answer({"query": QUERY}, context_of(composition))
    assert json.loads(answer.body) == {"data": {"__typename": "Query"}}
    assert prepared_documents == []


async def test_a_finder_that_checks_texts_is_asked_about_a_text_sent_alone(
    composition: Composition,
) -> None:
    stored = StoredById(checks_texts=True)
    endpoint = GraphQLEndpoint(composition.settings, composition.rules, stored_documents=stored)
    answer = await endpoint.answer({"query": QUERY}, context_of(composition))
    assert answer.status == 403
    assert json.loads(answer.body)["errors"][0]["extensions"]["code"] == (
        "PERSISTED_QUERY_NOT_IN_LIST"
    )
