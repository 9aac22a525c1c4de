import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from congso.core.management.commands import serve

CONGSO = str(Path(sys.executable).with_name("congso"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    result = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True)
    return [int(line) for line in result.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has stopped; only its exit status is left


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A migrated SQLite database of its own, and a function that starts `congso serve`."""
    var = tmp_path_factory.mktemp("serve")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DEBUG": "1",
        "CONGSO_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "congso.settings",
    }
    subprocess.run([CONGSO, "migrate", "-v", "0"], env=env, check=True)

    def start():
        port = _free_port()
        process = subprocess.Popen(
            [CONGSO, "serve", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def answers():
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=2)
            except OSError:
                return False
            return True

        assert _wait(answers, 30), "congso serve did not answer"
        (worker,) = _children(process.pid)
        assert _alive(worker)
        return process, worker

    return start


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_stopping_serve_stops_its_worker(served, signum):
    process, worker = served()
    process.send_signal(signum)
    process.wait(timeout=20)
    assert _wait(lambda: not _alive(worker), 15), "the worker outlived congso serve"


def test_the_served_address_is_the_one_in_links():
    assert serve.served_url("127.0.0.1:8123") == "http://127.0.0.1:8123"
    assert serve.served_url("8123") == "http://127.0.0.1:8123"
    assert serve.served_url("0.0.0.0:80") == "http://127.0.0.1:80"
    assert serve.served_url("[::1]:8123") == "http://[::1]:8123"


BASE = {"PATH": os.environ.get("PATH", ""), "DEBUG": "1", "CONGSO_VAR_DIR": "/tmp/congso-serve"}
PRINT_BASE_URL = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"CONGSO_SERVED_URL": "http://127.0.0.1:8123"}, "http://127.0.0.1:8123"),
        (
            {"CONGSO_SERVED_URL": "http://127.0.0.1:8123", "BASE_URL": "https://congso.vn"},
            "https://congso.vn",
        ),
    ],
)
def test_an_explicit_base_url_wins_over_the_served_address(env, expected):
    result = subprocess.run(
        [sys.executable, "-c", PRINT_BASE_URL],
        env={**BASE, "DJANGO_SETTINGS_MODULE": "congso.settings", **env},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == expected, result.stderr
