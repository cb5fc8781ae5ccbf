"""Two or more checkouts of the service, compared by server CPU per request under load.

``python bench/ab.py before=../base after=. [--path /users?limit=50] [--rounds 12]``

Each checkout (a directory holding the service, such as a ``git worktree`` of another
revision) serves one process, exactly as ``bench/run.py`` serves it, over one seeded SQLite
file; Y3 too with ``--y3``. The load (``bench/load.py``) visits them in turn, round after
round, the order reversed every other round, and each measurement records the CPU time its
server spent per request (``bench/settle.py``). The report gives each checkout's median and
the median of its differences to the first within a round: the machine's speed drifts
between rounds by more than most cuts, and within a round far less. One run of twelve
rounds reads a difference to about ±5 µs; a smaller cut needs more rounds, or
``bench/cpu.py``'s in-process measure.
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import load
from bench.run import migrate, process, server_env
from bench.seed import seed
from bench.settle import server_cpu_seconds, settle


def checkout_of(text: str) -> tuple[str, Path]:
    name, separator, directory = text.partition("=")
    path = Path(directory).resolve()
    if not separator or not name or not (path / "main.py").is_file():
        raise argparse.ArgumentTypeError(f"{text!r}: expected NAME=DIR, DIR a checkout")
    return name, path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("checkouts", nargs="+", type=checkout_of, metavar="NAME=DIR")
    parser.add_argument("--path", default="/users?limit=50", help="signed-in GET to load")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--y3", action="store_true", help="measure Y3 (bench/limit.py) too")
    arguments = parser.parse_args()
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="flowback-ab-")))
        database_url = f"sqlite://{workdir / 'ab.sqlite3'}"
        env = server_env(database_url)
        migrate(env)
        seeded = asyncio.run(seed(database_url=database_url, users=arguments.users, pending=0))
        servers: list[int] = []
        urls: dict[str, str] = {}
        for name, checkout in arguments.checkouts:
            urls[name] = stack.enter_context(
                process(
                    name,
                    [sys.executable, "main.py", "serve"],
                    env,
                    workdir,
                    servers,
                    checkout=checkout,
                )
            )
        if arguments.y3:
            command = [sys.executable, "bench/yardsticks.py", "limit"]
            urls["y3"] = stack.enter_context(process("y3", command, env, workdir, servers))
        pids = dict(zip(urls, servers, strict=True))
        spent = measure(arguments, urls, pids, seeded.token, database_url)
    report(spent)


def measure(
    arguments: argparse.Namespace,
    urls: dict[str, str],
    pids: dict[str, int],
    token: str,
    database_url: str,
) -> dict[str, list[float]]:
    """Each server's CPU µs per request, round by round."""
    headers = {"Authorization": f"Token {token}"}

    def one(name: str, seconds: float) -> float:
        request = load.Request(url=urls[name] + arguments.path, headers=headers)
        before = server_cpu_seconds(pids[name])
        measured = load.run(
            request, connections=arguments.connections, seconds=seconds, max_requests=10**7
        )
        if measured.errors:
            raise SystemExit(f"{name}: {measured.errors} failed requests on {arguments.path}")
        return (server_cpu_seconds(pids[name]) - before) * 1e6 / max(measured.requests, 1)

    names = list(urls)
    for name in names:
        one(name, 1)  # warm-up
    spent: dict[str, list[float]] = {name: [] for name in names}
    for number in range(arguments.rounds):
        for name in names if number % 2 == 0 else reversed(names):
            settle(pids.values(), [database_url])
            spent[name].append(one(name, arguments.seconds))
        print(f"round {number + 1}: " + "  ".join(f"{n} {spent[n][-1]:.1f}" for n in names))
    return spent


def report(spent: dict[str, list[float]]) -> None:
    first, *_ = spent
    for name, values in spent.items():
        differences = [mine - theirs for mine, theirs in zip(values, spent[first], strict=True)]
        print(
            f"{name:12} median {statistics.median(values):7.1f} µs/request, "
            f"{name} - {first} within a round: median {statistics.median(differences):+6.1f}"
        )


if __name__ == "__main__":
    main()
