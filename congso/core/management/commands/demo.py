import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from congso.core.demo import DemoContext, demo_parts
from congso.core.text import format_number


class Command(BaseCommand):
    help = _(
        "Load the Nghệ An demo (the review conference of 26/03/2014): every installed app adds "
        "its part. Running it again refreshes the demo and gives every demo account a new "
        "password."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        context = DemoContext()
        with transaction.atomic():
            for _label, part in demo_parts():
                part.run(context)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            _("Demo loaded in %(seconds)s s.") % {"seconds": format_number(elapsed, 1)}
        )
        for line in context.lines:
            self.stdout.write(f"  {line}")
        if not context.accounts:
            return
        self.stdout.write("")
        self.stdout.write(_("Demo accounts (new passwords at every run):"))
        # The administrator last, where the eye lands when the command ends.
        accounts = sorted(context.accounts, key=lambda account: account.is_superuser)
        width = max(len(a.username) for a in accounts)
        for account in accounts:
            if not account.is_superuser:
                self.stdout.write(
                    f"  {account.username:<{width}}  {account.password}  "
                    f"{account.role} — {account.organisation}"
                )
        for account in accounts:
            if account.is_superuser:
                self.stdout.write("")
                self.stdout.write(
                    self.style.SUCCESS(_("Administrator: login %(login)s, password %(password)s"))
                    % {"login": account.username, "password": account.password}
                )
