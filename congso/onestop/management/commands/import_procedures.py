from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from congso.core.actors import SYSTEM
from congso.onestop.importers import import_procedures, read_rows


class Command(BaseCommand):
    help = gettext_lazy(
        "Import the procedure catalogue from an Excel (.xlsx) or CSV file: all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: Path, dry_run: bool, no_progress: bool, **options):
        try:
            rows = read_rows(file.name, file.read_bytes())
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        report = import_procedures(
            user=SYSTEM,
            rows=rows,
            dry_run=dry_run,
            progress=lambda items: tqdm(items, disable=no_progress, unit=" dòng"),
        )
        if report.errors:
            for number, message in report.errors:
                self.stderr.write(_("Row %(number)s") % {"number": number} + f": {message}")
            raise CommandError(_("Nothing was imported: fix these rows and try again."))
        self.stdout.write(
            _("%(stage)s: %(created)s created, %(updated)s updated")
            % {
                "stage": _("Dry run") if dry_run else _("Import procedures"),
                "created": report.created,
                "updated": report.updated,
            }
        )
