"""Views and satisfaction ratings of a portal's pages, counted per page and per day.

Confidential by construction: a row holds counts only, no address, no account, no time of
day; whether a visitor already rated a page is kept in their own browser (a signed cookie)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageStat(models.Model):
    class Level(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", _("Very satisfied")
        SATISFIED = "satisfied", _("Satisfied")
        NOT_SATISFIED = "not_satisfied", _("Not satisfied")

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)
    very_satisfied = models.PositiveIntegerField(_("very satisfied"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    not_satisfied = models.PositiveIntegerField(_("not satisfied"), default=0)

    class Meta:
        verbose_name = _("page statistics")
        verbose_name_plural = _("page statistics")
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="portal_pagestat_page_day")
        ]
        indexes = [models.Index(fields=["site", "day"], name="portal_pagestat_site_day")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.day}"
