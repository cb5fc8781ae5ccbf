from bench.run import DRF, FAMILIES, round_order

NAMES = [*FAMILIES[0], *FAMILIES[1], "y1_orm", "y2_raw", DRF, "login", "rest_user_revalidated"]


def orders(rounds: int) -> list[list[str]]:
    made: list[list[str]] = []
    for number in range(rounds):
        made.append(round_order(NAMES, number, made))
    return made


def test_each_round_runs_every_scenario_once_with_each_family_together() -> None:
    for order in orders(9):
        assert sorted(order) == sorted(NAMES)
        for family in FAMILIES:
            positions = sorted(order.index(name) for name in family)
            assert positions == list(range(positions[0], positions[0] + len(family))), order


def test_families_change_places_and_order_from_round_to_round() -> None:
    made = orders(9)
    assert len({tuple(order) for order in made}) == len(made)
    firsts = {next(name for name in order if name in FAMILIES[1]) for order in made}
    assert len(firsts) > 1


def test_the_scenario_after_the_peer_differs_from_round_to_round() -> None:
    made = orders(6)
    followers = [order[order.index(DRF) + 1] if order[-1] != DRF else None for order in made]
    assert len(set(followers)) == len(followers)


def test_a_family_member_not_run_is_left_out_and_the_rest_kept_together() -> None:
    names = [name for name in NAMES if name != "graphql_user"]
    order = round_order(names, 0, [])
    assert sorted(order) == sorted(names)
    rest = [name for name in FAMILIES[1] if name != "graphql_user"]
    positions = sorted(order.index(name) for name in rest)
    assert positions == list(range(positions[0], positions[0] + len(rest)))


def test_the_same_round_number_gives_the_same_order() -> None:
    assert orders(4) == orders(4)
