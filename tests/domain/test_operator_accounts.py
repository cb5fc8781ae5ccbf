"""Operator-made and seeded accounts follow registration's rules."""

import pytest

from adapters.composition import Composition
from domain.errors import DomainError, ErrorCode
from models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.usefixtures("db")


async def test_create_user_reports_every_broken_rule(composition: Composition) -> None:
    await composition.rules.operator_accounts.create(
        username="Ann", email="ann@example.com", password=PASSWORD
    )
    with pytest.raises(DomainError) as raised:
        await composition.rules.operator_accounts.create(
            username="ANN", email="Ann@Example.com", password="x"
        )
    assert set(raised.value.codes) == {
        ErrorCode.PASSWORD_TOO_SHORT,
        ErrorCode.USERNAME_TAKEN,
        ErrorCode.INVALID_EMAIL,
    }
    assert await User.all().count() == 1


async def test_created_user_can_log_in(composition: Composition) -> None:
    user = await composition.rules.operator_accounts.create(
        username="bo", email=" Bo@Example.com ", password=PASSWORD
    )
    assert user.email == "bo@example.com"
    assert await composition.rules.sessions.login(username="bo@example.com", password=PASSWORD)


async def test_seeding_twice_adds_more_users(composition: Composition) -> None:
    batches: list[int] = []
    made = await composition.rules.operator_accounts.seed(
        count=3, prefix="demo", password=PASSWORD, on_batch=batches.append
    )
    assert made == 3
    assert batches == [3]
    await composition.rules.operator_accounts.seed(count=2, prefix="demo", password=PASSWORD)
    names = [user.username for user in await User.all().order_by("id")]
    assert names == ["demo1", "demo2", "demo3", "demo4", "demo5"]


async def test_seeding_over_an_existing_name_is_a_clear_error(composition: Composition) -> None:
    # One demo user exists, so seeding numbers from 2, which is taken.
    await composition.rules.operator_accounts.create(
        username="demo2", email="d@example.com", password=PASSWORD
    )
    with pytest.raises(DomainError) as raised:
        await composition.rules.operator_accounts.seed(count=2, prefix="demo", password=PASSWORD)
    assert raised.value.codes == [ErrorCode.USERNAME_TAKEN]
