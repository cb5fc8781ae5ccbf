"""Which document a request names: automatic persisted queries as their clients send them,
trusted documents by hash or documentId, and the gateway's way past the list; and
``_service`` kept from anyone but the gateway in production."""

import hashlib
from typing import Any

import pytest

from adapters.composition import Composition
from adapters.document_storage import DocumentStorage, MemoryDocuments
from domain.errors import DomainError, ErrorCode
from schema import app_schema
from schema.context import Context
from schema.persisted_documents import Document, PersistedDocuments, PersistedQueryError
from tests.abuse.conftest import small_settings

ME = "query Me { me { id } }"
LISTED = "query Listed { me { username } }"
GATEWAY_TOKEN = "g" * 40


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _apq(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": _sha(text)}}


def _documents(*, trusted: bool = False, enforced: bool = False) -> PersistedDocuments:
    return PersistedDocuments(
        store=DocumentStorage(MemoryDocuments(1 << 20)),
        trusted={_sha(LISTED): LISTED} if trusted else None,
        enforced=enforced,
    )


async def _stored(documents: PersistedDocuments, document: Document) -> None:
    """A registration, once its document prepared: the store is written."""
    told = documents.prepared(document)
    assert told is not None
    await told


async def _refusal(documents: PersistedDocuments, **request: Any) -> PersistedQueryError:
    with pytest.raises(PersistedQueryError) as refused:
        await documents.resolve(**{"query": None, **request})
    return refused.value


async def test_an_unknown_hash_is_persisted_query_not_found_as_apollo_answers_it() -> None:
    refused = await _refusal(_documents(), extensions=_apq(ME))
    assert refused.body() == {
        "errors": [
            {
                "message": "PersistedQueryNotFound",
                "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
            }
        ]
    }
    assert refused.status == 200
    assert refused.headers == {"Cache-Control": "private, no-cache, must-revalidate"}


async def test_a_registered_hash_is_found_once_its_document_prepared() -> None:
    documents = _documents()
    registration = await documents.resolve(query=ME, extensions=_apq(ME))
    assert registration == Document(ME, _sha(ME), register=True)
    # Not stored before it prepared: a document that fails to parse or validate never is.
    await _refusal(documents, extensions=_apq(ME))
    await _stored(documents, registration)
    assert await documents.resolve(query=None, extensions=_apq(ME)) == Document(ME, _sha(ME))


async def test_the_same_extensions_sent_again_ask_the_store_again() -> None:
    """The hash an ``extensions`` object names is read once; whether the store holds it,
    each time, and a malformed one is refused each time."""
    documents = _documents()
    extensions = _apq(ME)
    await _refusal(documents, extensions=extensions)
    await _stored(documents, Document(ME, _sha(ME), register=True))
    assert await documents.resolve(query=None, extensions=extensions) == Document(ME, _sha(ME))
    malformed = {"persistedQuery": {"version": 2, "sha256Hash": _sha(ME)}}
    for _ in range(2):
        with pytest.raises(DomainError):
            await documents.resolve(query=None, extensions=malformed)


def test_a_document_found_rather_than_registered_writes_nothing_once_it_prepared() -> None:
    assert _documents().prepared(Document(ME, _sha(ME))) is None


async def test_the_extensions_of_a_get_are_read_from_their_json_text() -> None:
    documents = _documents()
    await _stored(documents, Document(ME, _sha(ME), register=True))
    text = f'{{"persistedQuery":{{"version":1,"sha256Hash":"{_sha(ME)}"}}}}'
    resolved = await documents.resolve(query=None, extensions=text)
    assert resolved is not None and resolved.text == ME


async def test_a_text_not_of_its_hash_is_refused_and_not_stored() -> None:
    documents = _documents()
    refused = await _refusal(documents, query=ME, extensions=_apq(LISTED))
    assert refused.code is ErrorCode.PERSISTED_QUERY_HASH_MISMATCH
    assert refused.status == 400
    assert refused.message == "provided sha does not match query"


@pytest.mark.parametrize(
    "persisted",
    [
        {"version": 2, "sha256Hash": _sha(ME)},
        {"version": True, "sha256Hash": _sha(ME)},
        {"sha256Hash": _sha(ME)},
        {"version": 1, "sha256Hash": "abc"},
        {"version": 1},
        "v1",
    ],
)
async def test_a_persisted_query_extension_that_is_not_one_is_a_malformed_body(
    persisted: object,
) -> None:
    with pytest.raises(DomainError) as refused:
        await _documents().resolve(query=None, extensions={"persistedQuery": persisted})
    assert refused.value.codes == [ErrorCode.MALFORMED_BODY]


async def test_a_request_naming_no_document_is_left_to_the_entry() -> None:
    assert await _documents().resolve(query=None, extensions={"other": 1}) is None


async def test_a_trusted_document_runs_by_hash_or_document_id() -> None:
    documents = _documents(trusted=True, enforced=True)
    listed = Document(LISTED, _sha(LISTED))
    assert await documents.resolve(query=None, extensions=_apq(LISTED)) == listed
    assert await documents.resolve(query=None, document_id=f"sha256:{_sha(LISTED)}") == listed
    assert await documents.resolve(query=None, document_id=_sha(LISTED).upper()) == listed
    # Its own text runs too (the manifest lists the text, whoever sends it).
    assert await documents.resolve(query=LISTED) == listed


async def test_where_trusted_documents_are_enforced_nothing_else_runs() -> None:
    documents = _documents(trusted=True, enforced=True)
    text = await _refusal(documents, query=ME)
    assert text.code is ErrorCode.PERSISTED_QUERY_NOT_IN_LIST
    assert text.status == 403
    registration = await _refusal(documents, query=ME, extensions=_apq(ME))
    assert registration.code is ErrorCode.PERSISTED_QUERY_NOT_IN_LIST
    by_hash = await _refusal(documents, extensions=_apq(ME))
    assert by_hash.body()["errors"][0] == {
        "message": f"Persisted query '{_sha(ME)}' not found in the persisted query list",
        "extensions": {"code": "PERSISTED_QUERY_NOT_IN_LIST"},
    }
    by_id = await _refusal(documents, document_id="sha256:" + _sha(ME))
    assert by_id.code is ErrorCode.PERSISTED_QUERY_NOT_IN_LIST


async def test_a_document_id_names_only_trusted_documents_even_in_development() -> None:
    documents = _documents(trusted=True, enforced=False)
    await _stored(documents, Document(ME, _sha(ME), register=True))
    assert (await _refusal(documents, document_id=_sha(ME))).code is (
        ErrorCode.PERSISTED_QUERY_NOT_IN_LIST
    )
    assert (await _refusal(documents, document_id="Me")).code is (
        ErrorCode.PERSISTED_QUERY_NOT_IN_LIST
    )
    # Free text and automatic persisted queries run beside the list outside production.
    assert await documents.resolve(query=ME) == Document(ME, _sha(ME))
    assert await documents.resolve(query=None, extensions=_apq(ME)) == Document(ME, _sha(ME))


async def test_the_gateway_runs_documents_that_are_not_listed() -> None:
    documents = _documents(trusted=True, enforced=True)
    plan = "{ _entities(representations: []) { __typename } }"
    assert await documents.resolve(query=plan, gateway=True) == Document(plan, _sha(plan))
    assert (await _refusal(documents, query=plan)).code is ErrorCode.PERSISTED_QUERY_NOT_IN_LIST


def test_the_gateway_is_who_holds_its_token(composition: Composition) -> None:
    def caller(token: str | None, **settings: Any) -> Context:
        return Context(
            settings=small_settings(**settings), rules=composition.rules, gateway_token=token
        )

    assert caller(GATEWAY_TOKEN, gateway_token=GATEWAY_TOKEN).is_gateway()
    assert not caller("g" * 39 + "h", gateway_token=GATEWAY_TOKEN).is_gateway()
    assert not caller(None, gateway_token=GATEWAY_TOKEN).is_gateway()
    # No FLOWBACK_GATEWAY_TOKEN: nobody is the gateway.
    assert not caller("", gateway_token=None).is_gateway()
    assert not caller(GATEWAY_TOKEN).is_gateway()


async def test_documents_and_persisted_query_naming_two_documents_are_malformed() -> None:
    with pytest.raises(DomainError) as refused:
        await _documents(trusted=True).resolve(
            query=None, extensions=_apq(ME), document_id=_sha(LISTED)
        )
    assert refused.value.codes == [ErrorCode.MALFORMED_BODY]


async def _service(composition: Composition, *, env: str, gateway: bool) -> Any:
    settings = small_settings(env=env, gateway_token=GATEWAY_TOKEN)
    token = GATEWAY_TOKEN if gateway else None
    context = Context(settings=settings, rules=composition.rules, gateway_token=token)
    return await app_schema(settings).execute("{ _service { sdl } }", context_value=context)


@pytest.mark.parametrize(("env", "gateway"), [("development", False), ("production", True)])
async def test_the_sdl_is_answered_to_the_gateway_and_in_development(
    composition: Composition, env: str, gateway: bool
) -> None:
    result = await _service(composition, env=env, gateway=gateway)
    assert result.errors is None
    assert 'type User @key(fields: "id")' in result.data["_service"]["sdl"]


async def test_in_production_the_sdl_is_refused_to_anyone_but_the_gateway(
    composition: Composition,
) -> None:
    result = await _service(composition, env="production", gateway=False)
    assert result.data is None
    [error] = result.errors
    assert error.extensions == {"code": "UNAUTHENTICATED"}
    # The code's one message, as on every GraphQL path; docs/graphql/federation.md names the
    # gateway's header.
    assert error.message == "Authentication credentials were not provided."
