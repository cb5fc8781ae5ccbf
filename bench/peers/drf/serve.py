"""``python bench/peers/drf/serve.py --port P``: gunicorn, one sync worker, on loopback.

Replaces itself with gunicorn (same process id), so the bench stops it like the others.
"""

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args()
    os.chdir(REPO)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers=1",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{arguments.port}",
        "bench.peers.drf.wsgi:application",
    ]
    os.execv(sys.executable, command)  # noqa: S606


if __name__ == "__main__":
    main()
