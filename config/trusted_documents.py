"""The manifest of trusted GraphQL documents: graphql-codegen's or Apollo's
(docs/graphql/documents.md); every hash is checked against its text when it is read."""

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

APOLLO_FORMAT = "apollo-persisted-query-manifest"
HASH_PREFIX = "sha256:"
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")


def sha256_hex(text: str) -> str:
    """64 lowercase hexadecimal digits."""
    return hashlib.sha256(text.encode()).hexdigest()


def document_hash(identifier: object) -> str | None:
    """From ``<hex>`` or ``sha256:<hex>`` in any case; None when it is no SHA-256."""
    if not isinstance(identifier, str):
        return None
    digest = identifier.removeprefix(HASH_PREFIX).lower()
    return digest if _HEX_DIGEST.fullmatch(digest) else None


class TrustedDocuments(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: Path
    documents: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> "TrustedDocuments":
        """ValueError says in one line what is wrong."""
        try:
            content = path.read_bytes()
        except OSError as error:
            raise ValueError(f"cannot read {path}: {error.strerror or error}") from None
        try:
            manifest = json.loads(content)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"{path} is not JSON: {error}") from None
        documents = _documents(manifest)
        if not documents:
            raise ValueError(f"{path} lists no document")
        return cls(path=path, documents=documents)


def _documents(manifest: Any) -> dict[str, str]:
    if isinstance(manifest, dict) and "format" in manifest:
        return _apollo_documents(manifest)
    if isinstance(manifest, dict):
        return _checked([(key, text) for key, text in manifest.items()])
    raise ValueError(
        "expected graphql-codegen's persisted documents ({hash: text}) or an Apollo "
        "persisted-query manifest"
    )


def _apollo_documents(manifest: dict[str, Any]) -> dict[str, str]:
    if manifest.get("format") != APOLLO_FORMAT or manifest.get("version") != 1:
        raise ValueError(
            f"unknown manifest format {manifest.get('format')!r} version "
            f"{manifest.get('version')!r}; expected {APOLLO_FORMAT!r} version 1"
        )
    operations = manifest.get("operations")
    if not isinstance(operations, list) or not all(isinstance(op, dict) for op in operations):
        raise ValueError("'operations' is not a list of operations")
    return _checked([(operation.get("id"), operation.get("body")) for operation in operations])


def _checked(entries: list[tuple[object, object]]) -> dict[str, str]:
    """Once each hash is the SHA-256 of its text."""
    documents: dict[str, str] = {}
    for identifier, text in entries:
        digest = document_hash(identifier)
        if digest is None or not isinstance(text, str):
            raise ValueError(f"entry {str(identifier)[:80]!r} is not a SHA-256 hash and a text")
        if sha256_hex(text) != digest:
            raise ValueError(
                f"entry {str(identifier)[:80]!r} is not the SHA-256 of its text; generate the "
                "manifest with SHA-256 hashes"
            )
        documents[digest] = text
    return documents
