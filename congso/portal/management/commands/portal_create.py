import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.core.actors import SYSTEM
from congso.core.text import fold
from congso.directory.models import Organisation
from congso.portal.services import portal_create


def find_organisation(text: str) -> Organisation:
    """An organisation by id, or by name or short name (with or without tone marks)."""
    text = text.strip()
    if text.isdigit():
        found = Organisation.objects.filter(pk=int(text)).first()
        if found is not None:
            return found
    wanted = fold(text)
    exact = [
        org
        for org in Organisation.objects.search(text)[:50]
        if wanted in (fold(org.name), fold(org.short_name))
    ]
    candidates = exact or list(Organisation.objects.search(text)[:10])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise CommandError(_("No organisation matches “%(text)s”.") % {"text": text})
    names = "\n".join(f"  {org.pk}  {org.name}" for org in candidates)
    raise CommandError(
        _("“%(text)s” matches several organisations; give one's id:\n%(names)s")
        % {"text": text, "names": names}
    )


class Command(BaseCommand):
    help = gettext_lazy(
        "Create an organisation's portal (site, home page, sections, editors and editorial "
        "board from its people): congso portal-create “UBND huyện Yên Thành” "
        "[--hostname yen-thanh.congso.local]"
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help=gettext_lazy("id, name or short name"))
        parser.add_argument(
            "--hostname",
            help=gettext_lazy("host name of the portal (default: <slug>.CONGSO_PORTAL_DOMAIN)"),
        )
        parser.add_argument("--port", type=int, default=80)

    def handle(self, *args, **options):
        organisation = find_organisation(options["organisation"])
        # Wagtail logs every page it creates at INFO; the command prints its own line.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        try:
            portal = portal_create(
                user=SYSTEM,
                organisation=organisation,
                hostname=options["hostname"],
                port=options["port"],
            )
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(
            _("Portal of %(organisation)s created at http://%(host)s/ (%(members)s members).")
            % {
                "organisation": organisation,
                "host": portal.site.hostname,
                "members": portal.members.count(),
            }
        )
