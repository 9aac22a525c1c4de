"""The introduction (giới thiệu) of the agency and its spokesperson (người phát ngôn) page.

What the directory holds is never retyped here: the organisation chart is the portal's
organisation and its units, the leaders and the spokespersons are the directory's people, with
their positions, duties and biographies."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .pages import PortalPage

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3", "document-link"]


class IntroductionPage(PortalPage):
    """Functions and duties, the organisation chart, history and the leaders."""

    functions = RichTextField(_("functions and duties"), blank=True, features=TEXT_FEATURES)
    history = RichTextField(_("history"), blank=True, features=TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("functions"), FieldPanel("history")]

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")

    def get_context(self, request, *args, **kwargs):
        from ..selectors_pages import organisation_chart, portal_leaders

        context = super().get_context(request, *args, **kwargs)
        portal = context["portal"]
        context["chart"] = organisation_chart(portal.organisation) if portal else None
        context["leaders"] = portal_leaders(portal.organisation) if portal else []
        return context


class SpokespersonPage(PortalPage):
    """The spokespersons of the portal's organisation and its units, and the information for
    the press."""

    press_info = RichTextField(_("information for the press"), blank=True, features=TEXT_FEATURES)
    press_section = models.ForeignKey(
        "portal.SectionPage",
        verbose_name=_("section of press releases"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Its latest articles are listed on this page."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("press_info"),
        PageChooserPanel("press_section", "portal.SectionPage"),
    ]

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("spokesperson and press information")
        verbose_name_plural = _("spokesperson and press information")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import section_articles
        from ..selectors_pages import spokespersons

        context = super().get_context(request, *args, **kwargs)
        portal = context["portal"]
        context["spokespersons"] = spokespersons(portal.organisation) if portal else []
        context["press_releases"] = (
            list(section_articles(self.press_section)[:5]) if self.press_section_id else []
        )
        return context
