"""The portals' search index: one row per live, public page of a portal, with the texts its
results show. The full-text part lives beside it, per database: an FTS5 table on SQLite, a
``tsvector`` column with a GIN index on PostgreSQL (see ``congso.portal.search``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalSearchEntry(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="portal_search_entry",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="portal_search_entries",
    )
    #: the page's address inside its site (``/tin-tuc/bai-viet/``)
    path = models.CharField(_("path"), max_length=1000)
    title = models.CharField(_("title"), max_length=255)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True)
    kind = models.CharField(_("page type"), max_length=100, blank=True)
    shown_at = models.DateTimeField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return self.title
