"""Property tests: the validators take any text, answer with a documented code, never crash."""

import asyncio
import math
import string
import unicodedata
from collections.abc import Callable
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import DomainError, ErrorCode
from domain.paging import MAX_LIMIT, MAX_START, Page, PageRequest, parse_optional_int
from domain.passwords import PasswordHasher
from domain.validation import (
    EMAIL_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
    clean_email,
    clean_username,
    password_problems,
    single_script,
)

SHARED_CHARS = string.digits + "@.+-_"
# Letters of one script each: a username may use one of them (with the shared characters).
SCRIPT_LETTERS = [string.ascii_letters + "éßø", "Ωαβγ", "жаб", "中山田"]
USERNAME_CHARS = string.ascii_letters + SHARED_CHARS + "éßø"
PASSWORD_CODES = {
    ErrorCode.REQUIRED,
    ErrorCode.PASSWORD_TOO_SHORT,
    ErrorCode.PASSWORD_TOO_LONG,
    ErrorCode.PASSWORD_TOO_COMMON,
    ErrorCode.PASSWORD_TOO_SIMILAR,
}

T = TypeVar("T")


def attempt(call: Callable[[], T]) -> T | DomainError:
    """The call's result, or the DomainError it raised; any other exception propagates."""
    try:
        return call()
    except DomainError as error:
        return error


@given(st.text())
def test_any_text_is_a_clean_username_or_a_username_error(value: str) -> None:
    username = attempt(lambda: clean_username(value))
    if isinstance(username, DomainError):
        assert username.codes in ([ErrorCode.REQUIRED], [ErrorCode.INVALID_USERNAME])
        assert username.errors[0].field == "username"
        return
    assert username == unicodedata.normalize("NFC", value.strip())
    assert single_script(username)
    assert 1 <= len(username) <= USERNAME_MAX_LENGTH
    assert not any(character.isspace() for character in username)


@given(st.text(alphabet=USERNAME_CHARS, min_size=1, max_size=USERNAME_MAX_LENGTH))
def test_letters_digits_and_the_five_symbols_are_accepted_as_typed(value: str) -> None:
    assert clean_username(value) == value


@given(
    st.sampled_from(SCRIPT_LETTERS).flatmap(
        lambda letters: st.text(alphabet=letters + SHARED_CHARS, min_size=1, max_size=120)
    )
)
def test_names_in_any_one_script_are_accepted_as_typed(value: str) -> None:
    assert clean_username(value) == value


@given(st.text(alphabet=USERNAME_CHARS, min_size=USERNAME_MAX_LENGTH + 1, max_size=300))
def test_usernames_over_the_limit_are_refused(value: str) -> None:
    with pytest.raises(DomainError) as raised:
        clean_username(value)
    assert raised.value.codes == [ErrorCode.INVALID_USERNAME]


@given(st.one_of(st.text(), st.emails()))
def test_any_text_is_a_clean_email_or_an_email_error(value: str) -> None:
    email = attempt(lambda: clean_email(value))
    if isinstance(email, DomainError):
        assert email.codes in ([ErrorCode.REQUIRED], [ErrorCode.INVALID_EMAIL])
        return
    assert email == email.lower() == email.strip()
    assert "@" in email and len(email) <= EMAIL_MAX_LENGTH
    assert clean_email(email) == email  # cleaning is stable


@given(st.text(max_size=300))
def test_any_password_gets_only_password_codes(password: str) -> None:
    problems = password_problems(
        password, min_length=15, max_length=128, personal=("alice", "alice@example.com")
    )
    assert {problem.code for problem in problems} <= PASSWORD_CODES
    assert all(problem.field == "password" for problem in problems)
    if password and len(password) < 15:
        assert [problem.code for problem in problems] == [ErrorCode.PASSWORD_TOO_SHORT]
    if len(password) > 128:
        assert [problem.code for problem in problems] == [ErrorCode.PASSWORD_TOO_LONG]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=200), st.text(min_size=1, max_size=200))
def test_any_unicode_password_hashes_and_only_it_verifies(password: str, other: str) -> None:
    # A hasher of each example's own: one made at import and used in a process forked later
    # (as mutmut forks its test runs) would count threads the fork did not copy, and wait.
    hasher = PasswordHasher(rounds=4, concurrency=2, queue_size=32, per_account=2, per_address=4)

    async def check() -> None:
        password_hash = await hasher.hash(password)
        assert await hasher.verify(password, password_hash)
        assert await hasher.verify(other, password_hash) is (other == password)

    asyncio.run(check())


@given(st.integers(), st.integers(), st.integers())
def test_paging_values_are_valid_or_invalid_pagination(page: int, limit: int, offset: int) -> None:
    request = attempt(lambda: PageRequest.create(page=page, limit=limit, offset=offset))
    if isinstance(request, DomainError):
        assert request.codes == [ErrorCode.INVALID_PAGINATION]
        starts_too_far = (page - 1) * min(limit, MAX_LIMIT) + offset > MAX_START
        assert page < 1 or limit < 1 or offset < 0 or starts_too_far
        return
    assert (request.page, request.offset) == (page, offset)
    assert request.limit == min(limit, MAX_LIMIT)
    assert request.start <= MAX_START


@given(
    st.integers(min_value=1, max_value=10_000),
    st.integers(min_value=1, max_value=200),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=100_000),
)
def test_page_numbers_agree_with_each_other(page: int, limit: int, offset: int, count: int) -> None:
    request = PageRequest.create(page=page, limit=limit, offset=offset)
    shown: Page[object] = Page(items=[], count=count, request=request)
    assert shown.total_page == math.ceil(max(count - offset, 0) / request.limit)
    assert shown.has_next == (request.start + request.limit < count)
    assert shown.has_previous == (page > 1)


@given(st.text())
def test_any_query_text_is_an_integer_or_a_coded_error(value: str) -> None:
    parsed = attempt(
        lambda: parse_optional_int(value, field="page", code=ErrorCode.INVALID_PAGINATION)
    )
    if isinstance(parsed, DomainError):
        assert parsed.codes == [ErrorCode.INVALID_PAGINATION]
        return
    assert parsed is None or int(value.strip()) == parsed


@given(st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1))
def test_integers_round_trip_through_query_text(number: int) -> None:
    assert parse_optional_int(str(number), field="id", code=ErrorCode.INVALID) == number
