from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _


class Command(BaseCommand):
    help = _("Run background tasks (all queues) until stopped; --batch stops when none is left.")

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true")
        parser.add_argument("--queue-name", default="*")

    def handle(self, *args, batch: bool, queue_name: str, **options):
        extra = ["--batch"] if batch else []
        call_command(
            "db_worker",
            "--queue-name",
            queue_name,
            "--no-startup-delay",
            "--no-reload",
            *extra,
            verbosity=options["verbosity"],
        )
