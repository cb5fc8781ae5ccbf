"""A REST call and a GraphQL mutation cross no more project modules than they do now
(``tests.architecture.walk``; docs/architecture.md walks them): a layer that only passes a
request on does not come back unnoticed."""

from collections.abc import Iterator
from types import CodeType

import pytest
from tortoise.context import TortoiseContext

from adapters.composition import Composition
from tests.architecture.walk import ASGI_CHANNELS, is_transport, walks
from web.middleware import Edge, _limited

#: The most modules each call may run code in: all of them, and those outside the domain.
CEILINGS = {
    "REST POST /register": (17, 6),
    "GraphQL register": (17, 6),
}


@pytest.fixture
async def found(db: TortoiseContext, composition: Composition) -> dict[str, list[str]]:
    return await walks(composition)


@pytest.mark.parametrize("call", CEILINGS)
def test_a_call_crosses_no_more_modules_than_recorded(
    found: dict[str, list[str]], call: str
) -> None:
    walk = found[call]
    transport = [module for module in walk if is_transport(module)]
    most, most_outside_the_domain = CEILINGS[call]
    assert len(walk) <= most, " → ".join(walk)
    assert len(transport) <= most_outside_the_domain, " → ".join(transport)


def test_the_walk_leaves_the_edge_out_but_keeps_its_helpers(found: dict[str, list[str]]) -> None:
    """The edge's middleware runs for every request, but is not on a call's walk; a helper of
    its module that a handler calls is."""
    walk = found["REST POST /register"]
    assert "web.middleware" not in walk
    assert "observability.access" not in walk
    assert "web.forwarded" in walk  # the handler reads the client's address
    assert walk[-1] == "rest_facade.response_bodies"


def test_the_asgi_channels_left_out_are_the_edges() -> None:
    """If the edge renames its ``receive`` or ``send``, the walk must be told."""

    def nested(code: CodeType) -> Iterator[CodeType]:
        for constant in code.co_consts:
            if isinstance(constant, CodeType):
                yield constant
                yield from nested(constant)

    methods = (Edge.__call__, Edge.guarded, _limited)
    names = {code.co_qualname for method in methods for code in nested(method.__code__)}
    assert names >= ASGI_CHANNELS
