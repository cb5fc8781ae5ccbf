"""Which document a request names by hash: automatic persisted queries and trusted
documents (docs/graphql/documents.md).

A text is stored under its hash only once it has prepared, so a hash never names a document
that cannot run. A federation gateway's documents run outside the trusted list: the router
it is enforces its own.
"""

from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Protocol

import orjson

from config.settings import Settings
from config.trusted_documents import document_hash
from domain.errors import DomainError, ErrorCode, FieldError
from schema.context import Context
from schema.documents import sha256_of
from schema.endpoint import Payload, RequestRefusedError
from schema.errors import graphql_error
from web.faults import STATUS

NOT_IN_LIST = "Persisted query '{id}' not found in the persisted query list"
UNSUPPORTED_VERSION = "Unsupported persisted query version: send version 1."
NOT_A_HASH = "extensions.persistedQuery.sha256Hash is not a SHA-256 in hexadecimal."
TWO_NAMES = "documentId and extensions.persistedQuery name different documents."
#: ``extensions`` objects whose hash is kept read (``PersistedDocuments._hash_in``).
_REMEMBERED_HASHES = 256
# Apollo Server's header on persisted-query errors: a client's next try must reach us.
_NOT_CACHED = {"Cache-Control": "private, no-cache, must-revalidate"}


class DocumentStore(Protocol):
    """``adapters.document_storage``."""

    def held(self, digest: str) -> str | None:
        """The text if this process holds it: found without waiting on anything."""

    async def get(self, digest: str) -> str | None: ...

    async def put(self, digest: str, text: str) -> None: ...


@dataclass(slots=True)
class Document:
    """``register``: store it under its hash once it has prepared (an APQ registration)."""

    text: str
    digest: str
    register: bool = False


class PersistedQueryError(RequestRefusedError):
    """Answered as GraphQL clients expect, with the code's HTTP status (and, for a miss,
    ``Cache-Control`` that keeps any cache from holding it)."""

    def __init__(self, code: ErrorCode, message: str | None = None) -> None:
        problem = FieldError(code, message or code.message)
        super().__init__(
            graphql_error(problem),
            status=STATUS[code],
            headers=_NOT_CACHED if code is ErrorCode.PERSISTED_QUERY_NOT_FOUND else None,
        )
        self.code = code
        self.message = problem.message


class PersistedDocuments:
    def __init__(
        self,
        *,
        store: DocumentStore,
        trusted: Mapping[str, str] | None = None,
        enforced: bool = False,
    ) -> None:
        """``enforced``: only ``trusted`` run (save for a federation gateway)."""
        self._store = store
        self._trusted: Mapping[str, str] = trusted or {}
        self._enforced = enforced and trusted is not None
        #: A text sent alone is asked about only where the list is enforced.
        self.checks_texts = self._enforced
        # The hash each recent ``extensions`` names, by the object itself: the endpoint
        # reads a body or query string once, so a client's repeated request brings the same
        # object. Each entry holds its object, so no other can take its address meanwhile.
        self._hashes: dict[int, tuple[object, str | None]] = {}

    @classmethod
    def from_settings(cls, settings: Settings, store: DocumentStore) -> "PersistedDocuments":
        """Enforced when the manifest is set and ``FLOWBACK_ENV`` is production."""
        manifest = settings.graphql_trusted_documents
        return cls(
            store=store,
            trusted=None if manifest is None else manifest.documents,
            enforced=manifest is not None and settings.env == "production",
        )

    def find(self, payload: Payload, context: Context) -> "Awaitable[Document | None]":
        """By ``query``, ``extensions.persistedQuery`` or ``documentId``: ``resolve``'s
        coroutine itself, to await."""
        return self.resolve(
            query=payload.get("query"),
            extensions=payload.get("extensions"),
            document_id=payload.get("documentId"),
            # Only where the list is enforced does it matter who the caller is.
            gateway=self._enforced and context.is_gateway(),
        )

    async def resolve(
        self,
        *,
        query: str | None,
        extensions: object = None,
        document_id: object = None,
        gateway: bool = False,
    ) -> Document | None:
        """None when it names none. ``PersistedQueryError`` for a hash unknown or not trusted, a
        text not trusted or not of its hash; ``MALFORMED_BODY`` for a malformed name."""
        found = self._named(
            query=query, extensions=extensions, document_id=document_id, gateway=gateway
        )
        if not isinstance(found, str):
            return found
        text = self._store.held(found)
        if text is None:
            text = await self._store.get(found)
        if text is None:
            raise PersistedQueryError(ErrorCode.PERSISTED_QUERY_NOT_FOUND)
        return Document(text, found)

    def _named(
        self, *, query: str | None, extensions: object, document_id: object, gateway: bool
    ) -> "Document | str | None":
        """``resolve``'s answer where the store is not asked; else the hash to ask it for."""
        registering = self._hash_in(extensions)
        named = _named_hash(registering, document_id)
        free = gateway or not self._enforced
        if query is not None:
            digest = sha256_of(query)
            if named is not None and named != digest:
                raise PersistedQueryError(ErrorCode.PERSISTED_QUERY_HASH_MISMATCH)
            if not free and digest not in self._trusted:
                raise PersistedQueryError(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST)
            return Document(query, digest, register=free and registering is not None)
        if named is None:
            return None
        if (text := self._trusted.get(named)) is not None:
            return Document(text, named)
        if registering is None or not free:
            # A documentId names a trusted document only; so does any hash where only
            # those run.
            identifier = document_id if registering is None else registering
            raise PersistedQueryError(
                ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, NOT_IN_LIST.format(id=str(identifier)[:80])
            )
        return named

    def _hash_in(self, extensions: object) -> str | None:
        """``_persisted_query_hash``, read once per ``extensions`` object."""
        known = self._hashes.get(id(extensions))
        if known is not None and known[0] is extensions:
            return known[1]
        digest = _persisted_query_hash(extensions)
        if len(self._hashes) >= _REMEMBERED_HASHES:
            self._hashes.clear()
        self._hashes[id(extensions)] = (extensions, digest)
        return digest

    def prepared(self, document: Document) -> Awaitable[None] | None:
        """Store a registered document, now that it prepared: the store's coroutine, to
        await; None for a document found, not registered."""
        if document.register:
            return self._store.put(document.digest, document.text)
        return None


def _persisted_query_hash(extensions: object) -> str | None:
    """A JSON object, or its text over GET."""
    if isinstance(extensions, str | bytes):
        try:
            extensions = orjson.loads(extensions)
        except orjson.JSONDecodeError:
            raise _malformed("extensions is not JSON.") from None
    if extensions is None:
        return None
    # ``type is dict`` first: what JSON gives, and a tenth of an ABC's isinstance.
    if type(extensions) is not dict and not isinstance(extensions, Mapping):
        raise _malformed("extensions is not a JSON object.")
    persisted = extensions.get("persistedQuery")
    if persisted is None:
        return None
    is_object = type(persisted) is dict or isinstance(persisted, Mapping)
    version = persisted.get("version") if is_object else None
    if type(version) is not int or version != 1:
        raise _malformed(UNSUPPORTED_VERSION)
    digest = document_hash(persisted.get("sha256Hash"))
    if digest is None:
        raise _malformed(NOT_A_HASH)
    return digest


def _named_hash(persisted: str | None, document_id: object) -> str | None:
    if document_id is None:
        return persisted
    digest = document_hash(document_id)
    if digest is None:
        # Not a hash of ours: no listed document has that id.
        raise PersistedQueryError(
            ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, NOT_IN_LIST.format(id=str(document_id)[:80])
        )
    if persisted is not None and persisted != digest:
        raise _malformed(TWO_NAMES)
    return digest


def _malformed(message: str) -> DomainError:
    return DomainError.single(ErrorCode.MALFORMED_BODY, message)
