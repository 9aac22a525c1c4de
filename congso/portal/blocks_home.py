"""The blocks of a portal's home page that its editors manage: banners and blocks of links
(the national public-service portal, legal documents, the department's units, enterprises)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200)
    page = blocks.PageChooserBlock(label=_("page of this portal"), required=False)
    url = blocks.URLBlock(label=_("or address"), required=False)
    description = blocks.CharBlock(label=_("description"), required=False, max_length=300)

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or enter an address."))}
            )
        return value


class BannerBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    text = blocks.CharBlock(label=_("text"), required=False, max_length=300)
    page = blocks.PageChooserBlock(label=_("page of this portal"), required=False)
    url = blocks.URLBlock(label=_("or address"), required=False)

    class Meta:
        icon = "image"
        label = _("Banner")
        template = "portal/blocks/banner.html"


class LinkListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=200)
    links = blocks.ListBlock(LinkBlock(), label=_("links"))

    class Meta:
        icon = "list-ul"
        label = _("Block of links")
        template = "portal/blocks/link_list.html"


class DirectoryLinksBlock(blocks.StructBlock):
    """Links drawn from the directory, never retyped: the units of the portal's organisation,
    or the enterprises of its territory, with their websites."""

    heading = blocks.CharBlock(label=_("heading"), max_length=200)
    source = blocks.ChoiceBlock(
        label=_("drawn from the directory"),
        choices=[
            ("units", _("The units of the portal's organisation")),
            ("enterprises", _("Enterprises of the portal's territory")),
        ],
    )

    class Meta:
        icon = "group"
        label = _("Links from the directory")
        template = "portal/blocks/directory_links.html"

    def get_context(self, value, parent_context=None):
        from .selectors_pages import directory_links

        context = super().get_context(value, parent_context=parent_context)
        portal = (parent_context or {}).get("portal")
        context["organisations"] = directory_links(portal, value["source"]) if portal else []
        return context


class HomeBlocksBlock(blocks.StreamBlock):
    banner = BannerBlock()
    links = LinkListBlock()
    directory = DirectoryLinksBlock()
