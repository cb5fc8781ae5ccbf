"""FLOWBACK_GRAPHQL_TRUSTED_DOCUMENTS reads both manifest formats, keyed by SHA-256, and a
bad manifest is one line at start naming the setting and the reason."""

import hashlib
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from config.settings import Settings, describe_validation_error

ME = "query Me { me { id username } }"
USERS = "query Users { users(limit: 5) { results { id } } }"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _settings(path: Path) -> Settings:
    return Settings(_env_file=None, graphql_trusted_documents=str(path))


def _refusal(path: Path) -> str:
    with pytest.raises(ValidationError) as refused:
        _settings(path)
    return describe_validation_error(refused.value)


def test_graphql_codegen_persisted_documents_are_read_by_hash(tmp_path: Path) -> None:
    manifest = tmp_path / "persisted-documents.json"
    # The client preset writes "sha256:<hex>" keys; older versions the bare hex.
    manifest.write_text(json.dumps({f"sha256:{_sha(ME)}": ME, _sha(USERS): USERS}))
    trusted = _settings(manifest).graphql_trusted_documents
    assert trusted is not None
    assert trusted.documents == {_sha(ME): ME, _sha(USERS): USERS}


def test_an_apollo_persisted_query_manifest_is_read_by_id(tmp_path: Path) -> None:
    manifest = tmp_path / "persisted-query-manifest.json"
    operations = [
        {"id": _sha(ME), "name": "Me", "type": "query", "body": ME},
        {"id": _sha(USERS), "name": "Users", "type": "query", "body": USERS},
    ]
    manifest.write_text(
        json.dumps(
            {"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations}
        )
    )
    trusted = _settings(manifest).graphql_trusted_documents
    assert trusted is not None
    assert trusted.documents == {_sha(ME): ME, _sha(USERS): USERS}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "is not JSON"),
        ("[]", "expected graphql-codegen's persisted documents"),
        ("{}", "lists no document"),
        (json.dumps({"0" * 64: ME}), "is not the SHA-256 of its text"),
        (json.dumps({"md5:abc": ME}), "is not a SHA-256 hash and a text"),
        (json.dumps({_sha(ME): 3}), "is not a SHA-256 hash and a text"),
        (
            json.dumps({"format": "apollo-persisted-query-manifest", "version": 2}),
            "expected 'apollo-persisted-query-manifest' version 1",
        ),
        (
            json.dumps(
                {
                    "format": "apollo-persisted-query-manifest",
                    "version": 1,
                    "operations": [{"id": "sha1", "name": "Me", "type": "query", "body": ME}],
                }
            ),
            "is not a SHA-256 hash and a text",
        ),
    ],
)
def test_a_bad_manifest_is_one_line_naming_the_setting_and_the_reason(
    tmp_path: Path, content: str, reason: str
) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(content)
    line = _refusal(manifest)
    assert line.startswith("invalid setting FLOWBACK_GRAPHQL_TRUSTED_DOCUMENTS: ")
    assert reason in line
    assert "\n" not in line


def test_a_missing_manifest_names_the_file(tmp_path: Path) -> None:
    line = _refusal(tmp_path / "nowhere.json")
    assert line.startswith("invalid setting FLOWBACK_GRAPHQL_TRUSTED_DOCUMENTS: ")
    assert "cannot read" in line and "nowhere.json" in line
