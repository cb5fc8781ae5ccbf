"""/metrics in production: off unless the operator opens it, to everyone or to a bearer token."""

import httpx
import pytest
from pydantic import ValidationError

from config.settings import Settings, describe_validation_error
from main import create_app

TOKEN = "k3Xo1m3tr1cs-t0ken-for-the-scraper-only"


def client_for(settings: Settings, **overrides: object) -> httpx.AsyncClient:
    app = create_app(settings.model_copy(update=overrides), manage_orm=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def metrics_status(settings: Settings, headers: dict[str, str] | None = None) -> int:
    async with client_for(settings) as client:
        return (await client.get("/metrics", headers=headers)).status_code


async def test_metrics_are_off_in_production_by_default(settings: Settings) -> None:
    production = settings.model_copy(update={"env": "production"})
    assert await metrics_status(production) == 404
    assert await metrics_status(settings) == 200  # development: as convenient as ever


async def test_metrics_can_be_public_in_production(settings: Settings) -> None:
    public = settings.model_copy(update={"env": "production", "metrics": "public"})
    assert await metrics_status(public) == 200


@pytest.mark.parametrize(
    "authorization", [None, "", f"Token {TOKEN}", f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x"]
)
async def test_metrics_behind_a_token_refuse_anything_but_that_token(
    settings: Settings, authorization: str | None
) -> None:
    token = Settings(_env_file=None, metrics="token", metrics_token=TOKEN)
    chosen = settings.model_copy(
        update={"env": "production", "metrics": "token", "metrics_token": token.metrics_token}
    )
    headers = {} if authorization is None else {"Authorization": authorization}
    async with client_for(chosen) as client:
        refused = await client.get("/metrics", headers=headers)
        served = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"] == "Bearer"
    message = "Authentication credentials were not provided."
    typed = [{"field": None, "code": "UNAUTHENTICATED", "message": message}]
    assert refused.json() == {"detail": message, "errors": typed}
    assert "flowback" not in refused.text
    assert served.status_code == 200
    assert "flowback_http_requests_total" in served.text


@pytest.mark.parametrize(
    ("values", "line"),
    [
        (
            {"metrics": "token"},
            "invalid settings: FLOWBACK_METRICS=token needs FLOWBACK_METRICS_TOKEN",
        ),
        (
            {"metrics": "token", "metrics_token": "short"},
            "invalid setting FLOWBACK_METRICS_TOKEN: Value error, expected at least 32 "
            "characters; make one with: python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'",
        ),
        (
            {"metrics": "yes"},
            "invalid setting FLOWBACK_METRICS: Input should be 'public', 'token' or 'off' "
            "(got 'yes')",
        ),
    ],
)
def test_a_bad_exposure_is_one_line_naming_the_setting(values: dict[str, str], line: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, **values)  # type: ignore[arg-type]
    assert describe_validation_error(caught.value) == line
