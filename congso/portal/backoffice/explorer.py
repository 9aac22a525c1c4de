"""The page explorer with one filter per site that costs what a short list costs.

Wagtail's explorer offers a checkbox per site in its filters; Django renders each checkbox with
three nested templates, 30 ms for the 151 portals on every listing of every user. The same
markup is written here in Python (a test compares it with Django's), through Wagtail's own way
of customising the explorer: a page viewset registered for :class:`~wagtail.models.Page`."""

from django import forms
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.listing import (
    ExplorableIndexView,
    GenericPageFilterSet,
    SiteFilter,
)
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Site


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {esc(name)}")
        else:
            parts.append(f' {esc(name)}="{esc("%s" % (value,))}"')  # noqa: UP031 - stringformat:"s"
    return "".join(parts)


def _option(option: dict) -> str:
    # django/forms/widgets/input_option.html and input.html; each template ends with a line
    # break: the input's, the option's and the checkbox's.
    html = f'<input type="{esc(option["type"])}" name="{esc(option["name"])}"'
    if option["value"] is not None:
        html += f' value="{esc("%s" % (option["value"],))}"'  # noqa: UP031
    html += _attrs(option["attrs"]) + ">\n"
    if not option["wrap_label"]:
        return html + "\n\n"
    label_for = option["attrs"].get("id")
    opening = f'<label for="{esc(label_for)}">' if label_for else "<label>"
    return f"{opening}{html} {esc(option['label'])}</label>\n\n"


class ChoicesInPython:
    """Django's checkboxes or radio buttons, their markup written without its templates
    (django/forms/widgets/multiple_input.html, which both include)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        widget_id = widget["attrs"].get("id")
        parts = ["<div"]
        if widget_id:
            parts.append(f' id="{esc(widget_id)}"')
        if widget["attrs"].get("class"):
            parts.append(f' class="{esc(widget["attrs"]["class"])}"')
        parts.append(">")
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{esc(group)}</label>")
            for option in options:
                parts.append(f"<div>\n    {_option(option)}</div>")
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>")  # Django strips what its templates render
        # Every value above is escaped.
        return mark_safe("".join(parts))


# Named as Django's: Wagtail's field template styles a field by its widget's class name
# (``w-field--checkbox_select_multiple``, ``w-field--radio_select``).
class CheckboxSelectMultiple(ChoicesInPython, forms.CheckboxSelectMultiple):
    pass


class RadioSelect(ChoicesInPython, forms.RadioSelect):
    pass


#: Django's choice widgets and the ones that write the same markup in Python
IN_PYTHON = {
    forms.CheckboxSelectMultiple: CheckboxSelectMultiple,
    forms.RadioSelect: RadioSelect,
}


class PortalPageFilterSet(GenericPageFilterSet):
    site = SiteFilter(
        label=_("Site"),
        queryset=Site.objects.all(),
        widget=CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The owners, editors, page types and "has child pages" too: some forty options,
        # three templates each, on every listing
        for filter_ in self.filters.values():
            widget = filter_.extra.get("widget")
            if widget in IN_PYTHON:
                filter_.extra["widget"] = IN_PYTHON[widget]


#: rows of the explorer at the root, where each is a portal's home page; 50 elsewhere
ROOT_ROWS = 20


class PortalExplorableIndexView(ExplorableIndexView):
    """Wagtail's explorer, with fewer rows a page at the root: each row there is the home page
    of one of the 151 portals, with its dropdown of ten actions, and 50 of them took two thirds
    of the time of the screen."""

    def get_paginate_by(self, queryset):
        paginate_by = super().get_paginate_by(queryset)
        if paginate_by and self.parent_page.is_root():
            return min(paginate_by, ROOT_ROWS)
        return paginate_by


class PortalPageViewSet(PageViewSet):
    """Every page type's views are Wagtail's; the explorer's filters, and its number of rows at
    the root, are the changes."""

    filterset_class = PortalPageFilterSet
    index_view_class = PortalExplorableIndexView
