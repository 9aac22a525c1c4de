from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.portal import cache
from congso.portal.search.index import rebuild


class Command(BaseCommand):
    help = gettext_lazy("Rebuild the portals' search index from their published pages.")

    def handle(self, *args, **options):
        count = rebuild()
        cache.bump_all()
        self.stdout.write(_("%(count)s pages indexed.") % {"count": count})
