"""Child processes on loopback, for the process tests and the benchmark (no pytest here)."""

import os
import signal
import socket
import subprocess
from typing import Any

STOP_GRACE_SECONDS = 10


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at the moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def stop(child: "subprocess.Popen[Any]") -> None:
    """Terminate ``child``, kill it if it lingers past ``STOP_GRACE_SECONDS``, and reap it."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        kill(child)
        child.wait(timeout=STOP_GRACE_SECONDS)


def kill(child: "subprocess.Popen[Any]") -> None:
    """SIGKILL ``child``, and the process group it leads if it was started in a session of its
    own: the workers of ``serve --workers`` would outlive their supervisor, holding ports and
    database connections."""
    try:
        if os.getpgid(child.pid) == child.pid:
            os.killpg(child.pid, signal.SIGKILL)
            return
    except ProcessLookupError:
        return
    child.kill()
