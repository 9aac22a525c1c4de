from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from congso.core.schedule import Scheduler, run_due


class Command(BaseCommand):
    help = _(
        "Run background tasks (all queues) and the periodic tasks until stopped; "
        "--batch enqueues what is due, runs what is queued and stops."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true")
        parser.add_argument("--queue-name", default="*")
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help=_("Do not enqueue periodic tasks (another worker does)."),
        )

    def handle(self, *args, batch: bool, queue_name: str, no_schedule: bool, **options):
        scheduler = None
        if not no_schedule:
            if batch:
                run_due()
            else:
                scheduler = Scheduler()
                scheduler.start()
        extra = ["--batch"] if batch else []
        try:
            call_command(
                "db_worker",
                "--queue-name",
                queue_name,
                "--no-startup-delay",
                "--no-reload",
                *extra,
                verbosity=options["verbosity"],
            )
        finally:
            if scheduler is not None:
                scheduler.stop()
