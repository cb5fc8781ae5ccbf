"""Request ids the edge makes: 32 hex digits, told apart within a process and across forks."""

import os
import re

from observability.request_id import request_id_from

HEX32 = re.compile(r"[0-9a-f]{32}")


def test_made_ids_are_32_hex_digits_and_never_repeat() -> None:
    made = [request_id_from(None) for _ in range(10_000)]
    assert all(HEX32.fullmatch(each) for each in made)
    assert len(set(made)) == len(made)


def test_a_forked_child_makes_other_ids_than_its_parent() -> None:
    """A worker forked from a process that made ids goes on with ids of its own."""
    request_id_from(None)
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.write(writing, "".join(request_id_from(None) for _ in range(4)).encode())
        finally:
            os._exit(0)
    os.close(writing)
    told = os.read(reading, 4 * 32).decode()
    os.close(reading)
    os.waitpid(child, 0)
    in_child = {told[start : start + 32] for start in range(0, len(told), 32)}
    in_parent = {request_id_from(None) for _ in range(4)}
    assert len(in_child) == 4
    assert not in_child & in_parent


def test_a_sane_callers_id_is_kept_and_anything_else_replaced() -> None:
    assert request_id_from(b"trace-42.a") == "trace-42.a"
    assert HEX32.fullmatch(request_id_from(b"two words"))
