import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _


class Command(BaseCommand):
    help = _(
        "Serve Cổng số on the embedded default: the web server and a background worker "
        "in one terminal (Ctrl+C stops both)."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, addrport: str, no_worker: bool, **options):
        worker = None
        uses_database_tasks = settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db")
        if uses_database_tasks and not no_worker:
            worker = subprocess.Popen(
                [sys.executable, "-m", "congso", "worker"],
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "congso.settings"},
            )
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
