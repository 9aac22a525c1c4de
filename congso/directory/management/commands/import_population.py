import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.core.text import format_number
from congso.directory.importers import ImportFailed, import_population

from ._progress import progress_bars
from .import_units import record_run, write_report


class Command(BaseCommand):
    help = gettext_lazy(
        "Import the population of provinces and districts from the census of 1 April 2019."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=None, help=gettext_lazy("data folder (CONGSO_DATA_DIR)")
        )
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, dir: Path | None, dry_run: bool, no_progress: bool, **options):
        data_dir = dir or Path(settings.CONGSO_DATA_DIR)
        started = time.perf_counter()
        started_at = timezone.now()
        try:
            with progress_bars(not no_progress) as progress:
                report = import_population(data_dir, dry_run=dry_run, progress=progress)
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        record_run("population", started_at, [report], dry_run)
        write_report(self, report)
        elapsed = format_number(time.perf_counter() - started, 1)
        self.stdout.write(_("%(seconds)s s") % {"seconds": elapsed})
