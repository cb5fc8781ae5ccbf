"""Background verifications: ``python bench/verifier.py BASE_URL CODES_FILE --workers 4``.

Each worker posts ``/register/verify`` with the next seeded code, back to back, so that
``workers`` verifications (each a bcrypt hash at the service's cost) are always in flight
until the codes run out or the process is terminated. Prints how many succeeded at exit.
"""

import argparse
import json
import signal
import sys
import threading
import urllib.request
from pathlib import Path
from types import FrameType

PASSWORD = "a different bench passphrase 77"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("codes_file", type=Path)
    parser.add_argument("--workers", type=int, default=4)
    arguments = parser.parse_args()
    codes = iter(arguments.codes_file.read_text().split())
    lock = threading.Lock()
    stop = threading.Event()
    done = {"created": 0, "failed": 0}

    def work() -> None:
        while not stop.is_set():
            with lock:
                code = next(codes, None)
            if code is None:
                return
            body = json.dumps({"verification_code": code, "password": PASSWORD}).encode()
            request = urllib.request.Request(
                f"{arguments.base_url}/register/verify",
                data=body,
                headers={"Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    ok = response.status == 201
            except OSError:
                ok = False
            with lock:
                done["created" if ok else "failed"] += 1

    def terminate(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, terminate)
    threads = [threading.Thread(target=work, daemon=True) for _ in range(arguments.workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sys.stdout.write(json.dumps(done) + "\n")


if __name__ == "__main__":
    main()
