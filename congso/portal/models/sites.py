"""A portal: one organisation's public site, and the people who edit and approve it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Portal(models.Model):
    """The e-portal (Cổng thông tin điện tử) of one organisation: a Wagtail ``Site`` whose home
    page is a :class:`~congso.portal.models.HomePage`."""

    organisation = models.OneToOneField(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="portal",
    )
    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="portal",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection of images and documents"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the portal's editors and board keep their images and documents."),
    )
    licence = models.CharField(
        _("licence line"),
        max_length=300,
        blank=True,
        help_text=_("The licence the portal operates under, shown in its footer."),
    )
    editor_in_chief = models.CharField(_("responsible for the content"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("portal")
        verbose_name_plural = _("portals")
        ordering = ["organisation__sort_name"]

    def __str__(self) -> str:
        return self.site.site_name or str(self.organisation)

    @property
    def home_page_id(self) -> int:
        return self.site.root_page_id


class PortalMember(models.Model):
    """A person of the directory who edits a portal, or sits on its editorial board."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        BOARD = "board", _("Editorial board member")

    portal = models.ForeignKey(
        Portal, verbose_name=_("portal"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "directory.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="portal_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("portal member")
        verbose_name_plural = _("portal members")
        ordering = ["portal", "role", "person__sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["portal", "person", "role"], name="portal_member_unique_role"
            )
        ]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} — {self.portal}"
