"""With ``FLOWBACK_LOG_FORMAT=json`` a real server writes JSON lines and nothing else."""

import json
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.factories import PASSWORD
from tests.process.conftest import REPO, json_lines, register, start_server

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def send_garbage(base_url: str) -> None:
    """A request uvicorn cannot parse, which it answers 400 and logs itself."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        connection.recv(1024)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_every_line_of_a_served_process_is_one_json_object(
    server_env: dict[str, str], tmp_path: Path
) -> None:
    env = server_env | {"FLOWBACK_LOG_FORMAT": "json", "FLOWBACK_EMAIL_BACKEND": "console"}
    log = tmp_path / "server.log"  # the server's stdout and stderr
    server = start_server(env, log)
    try:
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            register(client, "ann", headers={"X-Request-ID": "rest-1"})
            query = {"query": "query Probe { __typename }"}
            graphql = client.post("/graphql", json=query, headers={"X-Request-ID": "graphql-1"})
            assert graphql.status_code == 200
            code = wait_for_mail_code(log)
            verified = client.post(
                "/register/verify", data={"verification_code": code, "password": PASSWORD}
            )
            assert verified.status_code == 201
            send_garbage(server.base_url)
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=30)
    finally:
        server.stop()
    entries = json_lines(log.read_text(encoding="utf-8"))

    def messages(logger: str) -> list[str]:
        return [entry["message"] for entry in entries if entry["logger"] == logger]

    assert any(m.startswith("applied migration 0_") for m in messages("flowback.migrations"))
    assert "Started server process" in " ".join(messages("uvicorn.server"))
    assert "Invalid HTTP request received." in messages("uvicorn.server")
    assert "Finished server process" in " ".join(messages("uvicorn.server"))
    assert messages("tortoise") == ["Tortoise-ORM started", "Tortoise-ORM shutdown"]
    assert [entry["connections"] for entry in entries if "connections" in entry] == [["sqlite"]]
    relay = messages("flowback.outbox")
    # Each relay says once which kinds it delivers, and once that it stopped.
    started = [re.fullmatch(r"outbox relay (\S+) started \((.*)\)", m) for m in relay]
    kinds = sorted(match[2] for match in started if match)
    assert kinds == ["event, webhook", "mail"]
    owners = {match[1] for match in started if match}
    assert sorted(m for m in relay if m.endswith(" stopped")) == sorted(
        f"outbox relay {owner} stopped" for owner in owners
    )
    (mail,) = [entry for entry in entries if entry["logger"] == "flowback.mail"]
    assert mail["mail_to"] == "ann@example.com"
    assert code in mail["mail_text"]
    access = {
        entry.get("request_id"): entry for entry in entries if entry["logger"] == "flowback.access"
    }
    assert access["rest-1"]["path"] == "/register"
    assert access["graphql-1"]["graphql_operation"] == "Probe"
    assert all(entry["level"] in ("info", "warning") for entry in entries), entries
    assert not [entry for entry in entries if entry["logger"].startswith("uvicorn.error")]
    assert " object at 0x" not in log.read_text()
    repeated = Counter(json.dumps({**e, "time": None}, sort_keys=True) for e in entries)
    assert [line for line, times in repeated.items() if times > 1] == []


def wait_for_mail_code(log: Path) -> str:
    """The verification code of the first mail the console mailer logged."""
    for _ in range(200):
        for line in log.read_text(encoding="utf-8").splitlines():
            if '"flowback.mail"' in line and (found := UUID.search(json.loads(line)["mail_text"])):
                return found.group(0)
        time.sleep(0.05)
    pytest.fail(f"no mail was logged:\n{log.read_text()}")


COMMAND = """
import sys, threading, warnings
from observability.logs import configure_logging
configure_logging("json")
warnings.warn("a warning", UserWarning)
thread = threading.Thread(target=lambda: 1 / 0, name="helper")
thread.start()
thread.join()
raise RuntimeError("the end")
"""


def test_warnings_and_uncaught_exceptions_are_log_lines() -> None:
    ran = subprocess.run(
        [sys.executable, "-c", COMMAND], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert ran.returncode == 1
    assert ran.stdout == ""
    entries = json_lines(ran.stderr)
    assert [(entry["logger"], entry["level"]) for entry in entries] == [
        ("py.warnings", "warning"),
        ("flowback.process", "error"),
        ("flowback.process", "critical"),
    ]
    assert "a warning" in entries[0]["message"]
    assert entries[1]["message"] == "uncaught ZeroDivisionError in thread helper: division by zero"
    assert entries[2]["message"] == "uncaught RuntimeError: the end"
    assert "Traceback" in entries[2]["exception"]
