from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.core.actors import SYSTEM
from congso.directory.models import AdminUnit
from congso.directory.services import unit_merge

LEVELS = {"province": 1, "district": 2, "commune": 3}


def parse_day(text: str):
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CommandError(_("“%(text)s” is not a date like 01/03/2025.") % {"text": text})


def unit_on(level: int, code: str, day) -> AdminUnit:
    unit = AdminUnit.objects.valid_on(day).filter(level=level, code=code).first()
    if unit is None:
        raise CommandError(
            _("No unit with code %(code)s is in force on %(day)s.")
            % {"code": code, "day": day.strftime("%d/%m/%Y")}
        )
    return unit


class Command(BaseCommand):
    help = gettext_lazy(
        "Record that a unit was merged whole into another from a date (e.g. Cửa Lò into Vinh "
        "from 01/03/2025): congso merge-units 413 --into 412 --on 01/03/2025"
    )

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--into", required=True)
        parser.add_argument("--on", required=True)
        parser.add_argument("--level", choices=list(LEVELS), default="district")

    def handle(self, *args, code: str, into: str, on: str, level: str, **options):
        effective = parse_day(on)
        unit = unit_on(LEVELS[level], code, effective - timedelta(days=1))
        target = unit_on(LEVELS[level], into, effective)
        try:
            unit_merge(user=SYSTEM, unit=unit, into=target, effective=effective)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            _("%(unit)s merged into %(into)s from %(day)s.")
            % {"unit": unit, "into": target, "day": effective.strftime("%d/%m/%Y")}
        )
