import pytest

from domain.errors import DomainError, ErrorCode
from domain.paging import MAX_LIMIT, MAX_START, Page, PageRequest, parse_int


def page(count: int, *, page: int = 1, limit: int = 10, offset: int = 0) -> Page[int]:
    return Page(
        items=[], count=count, request=PageRequest.create(page=page, limit=limit, offset=offset)
    )


def test_first_row_shown_is_page_minus_one_times_limit_plus_offset() -> None:
    assert PageRequest.create(page=3, limit=10, offset=5).start == 25


def test_a_page_may_start_at_the_last_possible_row_and_no_further() -> None:
    assert MAX_START == 2**31 - 1  # the 32-bit ids: no table holds more rows
    assert PageRequest.create(page=2, limit=10, offset=MAX_START - 10).start == MAX_START
    assert PageRequest.create(page=1, limit=10, offset=MAX_START).start == MAX_START
    # A limit over the maximum is served as the maximum, and the start counted with it.
    request = PageRequest.create(page=2, limit=MAX_LIMIT + 1, offset=MAX_START - MAX_LIMIT)
    assert request.start == MAX_START


def test_the_default_request_is_the_first_ten_rows() -> None:
    assert (PageRequest().page, PageRequest().limit, PageRequest().offset) == (1, 10, 0)


def test_limit_above_the_maximum_is_served_as_the_maximum() -> None:
    assert PageRequest.create(page=1, limit=500, offset=0).limit == MAX_LIMIT


@pytest.mark.parametrize(
    ("count", "offset", "limit", "total"),
    [
        (19, 0, 1, 19),
        (19, 0, 10, 2),
        (19, 5, 10, 2),
        (19, 19, 10, 0),
        (3, 10, 10, 0),
        (0, 0, 10, 0),
    ],
)
def test_total_page(count: int, offset: int, limit: int, total: int) -> None:
    assert page(count, limit=limit, offset=offset).total_page == total


def test_next_and_previous() -> None:
    assert page(25, page=1).has_next and not page(25, page=1).has_previous
    assert page(25, page=3).has_previous and not page(25, page=3).has_next
    assert not page(20, page=2).has_next


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("page", {"page": 0}),
        ("limit", {"limit": 0}),
        ("offset", {"offset": -1}),
        ("page", {"page": 2, "offset": MAX_START - 9}),
        ("page", {"page": MAX_START // 10 + 2}),
        ("offset", {"offset": MAX_START + 1}),
        ("page", {"page": 2, "offset": MAX_START}),
    ],
)
def test_out_of_range_paging_is_invalid(field: str, values: dict[str, int]) -> None:
    arguments = {"page": 1, "limit": 10, "offset": 0} | values
    with pytest.raises(DomainError) as raised:
        PageRequest.create(**arguments)
    assert raised.value.codes == [ErrorCode.INVALID_PAGINATION]
    assert raised.value.errors[0].field == field
    lowest = 0 if field == "offset" else 1
    assert raised.value.errors[0].message in (
        f"Must be an integer of at least {lowest}.",
        "A page must start within the first 2147483647 rows.",
    )


@pytest.mark.parametrize(
    "text", ["abc", "1.5", "1e3", "٣", "", " 7 ", "-2", "99999999999999999999"]
)
def test_parse_int(text: str) -> None:
    expected = {"": 4, " 7 ": 7, "-2": -2}
    if text in expected:
        assert (
            parse_int(text, field="page", code=ErrorCode.INVALID_PAGINATION, default=4)
            == expected[text]
        )
        return
    with pytest.raises(DomainError) as raised:
        parse_int(text, field="page", code=ErrorCode.INVALID_PAGINATION, default=4)
    assert [(e.code, e.message, e.field) for e in raised.value.errors] == [
        (ErrorCode.INVALID_PAGINATION, "A valid integer is required.", "page")
    ]
