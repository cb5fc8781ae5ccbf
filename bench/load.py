"""Drive one scenario from a separate process, bounded in requests and in time.

wrk (Debian's ``wrk`` package) when it is on PATH, else the async Python generator in
``bench/pyload.py``. Either prints one JSON line: requests, seconds, errors, p50/p99 (ms).
"""

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

_WRK_SCRIPT = """
wrk.method = {method}
wrk.body = {body}
{headers}
local cap = {cap}
local seen = 0
function response(status, headers, body)
  seen = seen + 1
  if seen >= cap then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{{"requests": %d, "seconds": %.6f, "errors": %d, "p50_ms": %.3f, "p99_ms": %.3f}}\\n',
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request, repeated by every connection."""

    url: str
    method: str = "GET"
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Measurement:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    #: CPU time the server (every thread and child) spent per answered request.
    server_cpu_us: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def tool(preferred: str = "auto") -> str:
    """``wrk`` or ``python``: ``auto`` picks wrk when it is on PATH."""
    if preferred == "auto":
        return "wrk" if shutil.which("wrk") else "python"
    return preferred


def _lua(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal here


def run(
    request: Request,
    *,
    connections: int,
    seconds: float,
    max_requests: int,
    generator: str = "auto",
) -> Measurement:
    """Load ``request`` for at most ``seconds`` and about ``max_requests`` responses."""
    if tool(generator) == "wrk":
        output = _run_wrk(request, connections=connections, seconds=seconds, cap=max_requests)
    else:
        spec = {
            "url": request.url,
            "method": request.method,
            "body": request.body,
            "headers": request.headers,
            "connections": connections,
            "seconds": seconds,
            "max_requests": max_requests,
        }
        output = subprocess.run(
            [sys.executable, str(HERE / "pyload.py"), json.dumps(spec)],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return Measurement(**result)


def _run_wrk(request: Request, *, connections: int, seconds: float, cap: int) -> str:
    headers = "\n".join(
        f"wrk.headers[{_lua(name)}] = {_lua(value)}" for name, value in request.headers.items()
    )
    threads = 1  # the server has one worker; one load thread keeps up and leaves a core
    script = _WRK_SCRIPT.format(
        method=_lua(request.method),
        body=_lua(request.body) if request.body else "nil",
        headers=headers,
        cap=max(1, cap // threads),
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            file.name,
            request.url,
        ]
        completed = subprocess.run(
            command, capture_output=True, text=True, check=True, timeout=seconds + 60
        )
        return completed.stdout
    finally:
        Path(file.name).unlink()
