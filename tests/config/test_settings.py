"""The platform's settings: service credentials, read from their variable's text, and a bad
value is one line that never repeats a secret."""

import pytest
from pydantic import ValidationError

from config.settings import Settings, describe_validation_error


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
