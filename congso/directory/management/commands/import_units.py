import time
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.core.actors import SYSTEM
from congso.core.text import format_number
from congso.directory.importers import (
    ImportFailed,
    ImportReport,
    import_units_2023,
    import_units_2025,
    import_units_all,
    import_units_mapping,
)
from congso.directory.services import import_run_record

from ._progress import progress_bars

IMPORTERS = {
    "2023": import_units_2023,
    "2025": import_units_2025,
    "mapping": import_units_mapping,
}


def record_run(kind: str, started_at, reports: list[ImportReport], dry_run: bool) -> None:
    """Keep who imported what and when, with the whole report, in the audit trail."""
    import_run_record(
        user=SYSTEM,
        kind=kind,
        started=started_at,
        report={report.stage: asdict(report) for report in reports},
        dry_run=dry_run,
    )


def write_report(command: BaseCommand, report: ImportReport) -> None:
    out = command.stdout
    title = _("%(stage)s (dry run, nothing written)") if report.dry_run else "%(stage)s"
    out.write(command.style.MIGRATE_HEADING(title % {"stage": report.stage}))
    counts = {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
    if report.stage == "population":
        out.write(
            _("figures: %(created)d created, %(updated)d updated, %(unchanged)d unchanged") % counts
        )
    else:
        out.write(
            _("units: %(created)d created, %(updated)d updated, %(unchanged)d unchanged") % counts
        )
    if report.successions or report.successions_updated or report.successions_unchanged:
        out.write(
            _("successions: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
            % {
                "created": report.successions,
                "updated": report.successions_updated,
                "unchanged": report.successions_unchanged,
            }
        )
    for note in report.notes:
        out.write(f"  {note}")
    if report.resolved:
        out.write(
            _("resolved differences between the sources (%(n)d):") % {"n": len(report.resolved)}
        )
        for case in report.resolved:
            out.write(f"  {case}")
    if report.without_successor:
        out.write(
            _("old units ended without a successor (%(n)d):") % {"n": len(report.without_successor)}
        )
        for case in report.without_successor:
            out.write(f"  {case}")
    for warning in report.warnings:
        out.write(command.style.WARNING(f"  {warning}"))


class Command(BaseCommand):
    help = gettext_lazy(
        "Import administrative units: the three-level map of 2023, the two-level map of "
        "1 July 2025, the mapping between them, or all three in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=[*IMPORTERS, "all"])
        parser.add_argument(
            "--dir", type=Path, default=None, help=gettext_lazy("data folder (CONGSO_DATA_DIR)")
        )
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self, *args, what: str, dir: Path | None, dry_run: bool, no_progress: bool, **options
    ):
        data_dir = dir or Path(settings.CONGSO_DATA_DIR)
        started = time.perf_counter()
        started_at = timezone.now()
        try:
            with progress_bars(not no_progress) as progress:
                if what == "all":
                    reports = import_units_all(data_dir, dry_run=dry_run, progress=progress)
                else:
                    reports = [IMPORTERS[what](data_dir, dry_run=dry_run, progress=progress)]
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        record_run(f"units:{what}", started_at, reports, dry_run)
        for report in reports:
            write_report(self, report)
        elapsed = format_number(time.perf_counter() - started, 1)
        self.stdout.write(_("%(seconds)s s") % {"seconds": elapsed})
