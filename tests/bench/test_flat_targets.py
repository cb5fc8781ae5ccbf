"""Flat with size as one run reads it: each list at both sizes, in the same rounds."""

from bench.load import Measurement, Request
from bench.report import Rounds, at_small_size, targets
from bench.run import FAMILIES, LISTS, smaller


def _at(rps: float) -> Measurement:
    return Measurement(requests=int(rps), seconds=1.0, errors=0, p50_ms=1.0, p99_ms=2.0)


def _rounds(large_and_small: list[tuple[float, float]]) -> Rounds:
    """Rounds in which every list answers ``large`` at the larger size, ``small`` at the
    smaller; the machine's speed is what varies from round to round."""
    return [
        {name: _at(large) for name in LISTS} | {at_small_size(name): _at(small) for name in LISTS}
        for large, small in large_and_small
    ]


def _flat(checks: list[dict[str, object]]) -> list[dict[str, object]]:
    return [check for check in checks if "÷ at 10,000 users" in str(check["target"])]


def test_each_list_is_judged_by_the_median_of_its_ratios_within_rounds() -> None:
    # The machine halves its speed after the first round: the rates of the two sizes fall
    # together, and their ratio inside each round is what is judged, not the medians' ratio.
    rounds = _rounds([(900, 1000), (450, 500), (400, 500)])
    checks = _flat(targets(rounds, database="postgres", users=1_000_000, flat_from=10_000))
    assert [check["target"] for check in checks] == [
        "REST list at 1,000,000 ÷ at 10,000 users ≥ 0.8",
        "page 200 at 1,000,000 ÷ at 10,000 users ≥ 0.8",
        "GraphQL list at 1,000,000 ÷ at 10,000 users ≥ 0.8",
    ]
    assert {check["value"] for check in checks} == {0.9}
    assert all(check["holds"] for check in checks)


def test_a_list_slower_at_the_larger_size_misses() -> None:
    rounds = _rounds([(700, 1000), (350, 500), (300, 400)])
    checks = _flat(targets(rounds, database="sqlite", users=1_000_000, flat_from=10_000))
    assert {check["value"] for check in checks} == {0.7}
    assert not any(check["holds"] for check in checks)


def test_a_run_without_the_smaller_size_judges_no_flatness() -> None:
    rounds = _rounds([(900, 1000)] * 3)
    assert _flat(targets(rounds, database="postgres", users=1_000_000)) == []


def test_both_sizes_of_each_list_run_in_the_same_family() -> None:
    lists = next(family for family in FAMILIES if "rest_users" in family)
    for name in LISTS:
        assert {name, at_small_size(name)} <= set(lists)


def test_the_smaller_sizes_scenarios_send_the_same_requests_under_their_own_names() -> None:
    request = Request("http://127.0.0.1:1/users?limit=50")
    assert smaller({"rest_users": request}) == {at_small_size("rest_users"): request}
