"""A misspelt FLOWBACK_* variable stops the settings instead of being ignored; settings read
from their variable's text, and a bad value is one line that never repeats a secret."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from config.settings import (
    Settings,
    UnknownSettingError,
    describe_validation_error,
    webhook_key,
)

KEY = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # 24 bytes, as the spec's examples
NEW_KEY = "whsec_" + "A" * 43 + "="  # 32 bytes


def test_an_unknown_variable_names_itself_and_the_nearest_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLOWBACK_BCRYPT_ROUND", "4")
    with pytest.raises(UnknownSettingError) as refused:
        Settings(_env_file=None)
    assert str(refused.value) == (
        "FLOWBACK_BCRYPT_ROUND: unknown setting; did you mean FLOWBACK_BCRYPT_ROUNDS?"
    )


def test_an_unknown_variable_in_the_env_file_is_refused_too(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("FLOWBACK_SMTP_PORT=2525\nFLOWBACK_SMTP_HOTS=mail.example\n")
    with pytest.raises(
        UnknownSettingError,
        match=r"^FLOWBACK_SMTP_HOTS: unknown setting; did you mean FLOWBACK_SMTP_HOST[?]$",
    ):
        Settings(_env_file=env_file)


def test_a_variable_like_no_setting_is_refused_without_a_guess(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLOWBACK_QQQ", "1")
    with pytest.raises(UnknownSettingError, match=r"^FLOWBACK_QQQ: unknown setting$"):
        Settings(_env_file=None)


def test_the_case_of_a_variable_does_not_hide_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("flowback_bcrypt_round", "4")
    with pytest.raises(UnknownSettingError, match=r"^FLOWBACK_BCRYPT_ROUND: "):
        Settings(_env_file=None)


def test_the_test_suites_own_variables_and_other_programs_variables_pass(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FLOWBACK_TEST_SOMETHING_NEW", "1")
    monkeypatch.setenv("FLOWBACKEND_URL", "elsewhere")
    monkeypatch.setenv("FLOWBACK_BCRYPT_ROUNDS", "5")
    env_file = tmp_path / ".env"
    env_file.write_text("FLOWBACK_TEST_DATABASE_URL=postgres://x\nOTHER_PROGRAM=1\n")
    assert Settings(_env_file=env_file).bcrypt_rounds == 5


def refusal(**variables: str) -> str:
    with pytest.raises(ValidationError) as raised:
        Settings(_env_file=None, **variables)  # type: ignore[arg-type]
    return describe_validation_error(raised.value)


def test_service_credentials_are_id_secret_pairs() -> None:
    settings = Settings(
        _env_file=None,
        introspection_clients=" groups:0123456789abcdef , chat:pass:with:colons-1234 ,",
    )
    assert [(c.client_id, c.secret.get_secret_value()) for c in settings.introspection_clients] == [
        ("groups", "0123456789abcdef"),
        ("chat", "pass:with:colons-1234"),
    ]
    assert "0123456789abcdef" not in repr(settings)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("groups", "expected comma-separated id:secret pairs"),
        (":0123456789abcdef", "expected comma-separated id:secret pairs"),
        ("groups:short-secret", "the secret of 'groups' is shorter than 16 characters"),
        ("a:0123456789abcdef,a:fedcba9876543210", "'a' is listed twice"),
    ],
)
def test_bad_service_credentials_are_one_line_without_the_secret(value: str, reason: str) -> None:
    line = refusal(introspection_clients=value)
    assert line.startswith("invalid setting FLOWBACK_INTROSPECTION_CLIENTS: ")
    assert reason in line
    assert "short-secret" not in line and "0123456789abcdef" not in line


def test_webhook_endpoints_are_a_json_list_of_urls_and_their_secrets() -> None:
    endpoints = [
        {"url": "https://groups.internal/hooks/users", "secrets": [KEY, NEW_KEY]},
        {"url": "http://127.0.0.1:9000/", "secrets": [KEY]},
    ]
    settings = Settings(_env_file=None, webhooks=json.dumps(endpoints))
    assert [endpoint.url for endpoint in settings.webhooks] == [e["url"] for e in endpoints]
    assert len(webhook_key(settings.webhooks[0].secrets[0])) == 24
    assert len(webhook_key(settings.webhooks[0].secrets[1])) == 32
    assert Settings(_env_file=None, webhooks="").webhooks == []


@pytest.mark.parametrize(
    ("endpoints", "reason"),
    [
        ("not json", "FLOWBACK_WEBHOOKS: Value error, not JSON"),
        (
            [{"url": "ftp://x", "secrets": [KEY]}],
            "(at 0.url): Value error, expected an http(s) URL",
        ),
        ([{"url": "https://x.example", "secrets": []}], "(at 0.secrets)"),
        ([{"url": "https://x.example"}], "(at 0.secrets): Field required"),
        ([{"url": "https://x.example", "secrets": ["MfKQ9r8G"]}], "starts with whsec_"),
        ([{"url": "https://x.example", "secrets": ["whsec_%%%"]}], "is not base64"),
        ([{"url": "https://x.example", "secrets": ["whsec_c2hvcnQ="]}], "24 to 64 random bytes"),
        (
            [{"url": "https://x.example", "secrets": [KEY]}] * 2,
            "https://x.example is listed twice",
        ),
    ],
)
def test_bad_webhook_endpoints_are_one_line_without_the_secret(
    endpoints: object, reason: str
) -> None:
    text = endpoints if isinstance(endpoints, str) else json.dumps(endpoints)
    line = refusal(webhooks=text)
    assert line.startswith("invalid setting FLOWBACK_WEBHOOKS")
    assert reason in line
    assert "MfKQ9r8G" not in line and "c2hvcnQ" not in line
