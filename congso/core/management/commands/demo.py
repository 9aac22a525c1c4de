import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.text import format_number
from congso.directory import demo, importers
from congso.directory.models import AdminUnit
from congso.directory.services import import_run_record


class Command(BaseCommand):
    help = _(
        "Load the Nghệ An demo (the review conference of 26/03/2014): maps, population, "
        "the department and the bodies it works with, clusters, and one account per role. "
        "Running it again refreshes the demo and gives every demo account a new password."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        started_at = timezone.now()
        result = demo.DemoResult()
        with transaction.atomic():
            reports = importers.import_units_all(demo.DEMO_DATA)
            reports.append(importers.import_population(demo.DEMO_DATA))
            demo.record_reorganisations()
            orgs = demo.load_organisations(result)
            demo.load_accounts(orgs, result)
            import_run_record(
                user=None,
                kind="demo",
                started=started_at,
                report={r.stage: {"created": r.created, "updated": r.updated} for r in reports},
                dry_run=False,
            )
        province = AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, code=demo.PROVINCE)
        on_2014 = AdminUnit.objects.valid_on(demo.ARTICLE_DAY)
        districts = on_2014.filter(parent=province).count()
        communes = on_2014.filter(parent__parent=province).count()
        today = AdminUnit.objects.valid_on(timezone.localdate()).filter(parent=province).count()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            _(
                "Nghệ An demo loaded in %(seconds)s s: %(districts)d district-level units "
                "and %(communes)d communes on 26/03/2014, %(today)d communes today, "
                "%(organisations)d organisations."
            )
            % {
                "seconds": format_number(elapsed, 1),
                "districts": districts,
                "communes": communes,
                "today": today,
                "organisations": result.organisations,
            }
        )
        self.stdout.write("")
        self.stdout.write(_("Demo accounts (new passwords at every run):"))
        width = max(len(a.username) for a in result.accounts)
        for account in result.accounts:
            self.stdout.write(
                f"  {account.username:<{width}}  {account.password}  "
                f"{account.role} — {account.organisation}"
            )
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(_("Administrator: login %(login)s, password %(password)s"))
            % {"login": result.accounts[0].username, "password": result.accounts[0].password}
        )
