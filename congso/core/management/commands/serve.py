import ctypes
import os
import re
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands.runserver import naiveip_re
from django.utils.translation import gettext_lazy as _

# `congso serve` tells itself and its worker the address it serves, so that links in e-mails
# (invitations) lead to it; an explicit BASE_URL still wins (see settings).
SERVED_URL_VARIABLE = "CONGSO_SERVED_URL"
_PR_SET_PDEATHSIG = 1


def served_url(addrport: str) -> str:
    """The address a browser on this machine reaches for ``runserver``'s ``[ADDR:]PORT``."""
    match = re.match(naiveip_re, addrport)
    if match is None:
        raise CommandError(_("%(value)s is not an address and port.") % {"value": addrport})
    addr, _ipv4, ipv6, _fqdn, port = match.groups()
    if not addr or addr in ("0.0.0.0", "0"):
        addr = "127.0.0.1"
    elif ipv6 == "[::]":
        addr = "[::1]"
    return f"http://{addr}:{port}"


def _die_with_parent() -> None:
    # Runs in the worker between fork and exec: the kernel sends it SIGTERM when `serve` dies,
    # however it dies (even SIGKILL), so no worker is left behind as an orphan.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _stop(signum, frame):
    # SIGTERM (systemd, docker, kill) should stop like Ctrl+C does: through the finally below.
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = _(
        "Serve Cổng số on the embedded default: the web server and a background worker "
        "in one terminal (Ctrl+C stops both)."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, addrport: str, no_worker: bool, **options):
        url = served_url(addrport)
        os.environ[SERVED_URL_VARIABLE] = url
        if not os.environ.get("BASE_URL"):
            # This process has read its settings already; the worker reads them fresh.
            settings.WAGTAILADMIN_BASE_URL = url
        worker = None
        uses_database_tasks = settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db")
        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            if uses_database_tasks and not no_worker:
                worker = subprocess.Popen(
                    [sys.executable, "-m", "congso", "worker"],
                    env={**os.environ, "DJANGO_SETTINGS_MODULE": "congso.settings"},
                    preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                )
            call_command("runserver", addrport, use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()
