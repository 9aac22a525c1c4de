"""Rebuild the analysis tables from the approved figures, for the map of a date (today):
after a reorganisation of the map, or to check the incremental tables."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy


class Command(BaseCommand):
    help = gettext_lazy("Rebuild the analysis tables of sector statistics")

    def add_arguments(self, parser):
        parser.add_argument("--day", type=date.fromisoformat, default=None)

    def handle(self, *args, day=None, **options):
        from congso.stats import analytics

        counts = analytics.rebuild(day)
        self.stdout.write(
            f"approved values {counts['approved']}, rollup rows {counts['rollup']}, "
            f"unit areas {counts['areas']}"
        )
