"""The page explorer with one filter per site that costs what a short list costs.

Wagtail's explorer offers a checkbox per site in its filters; Django renders each checkbox with
three nested templates, 30 ms for the 151 portals on every listing of every user. The same
markup is written here in Python (a test compares it with Django's), through Wagtail's own way
of customising the explorer: a page viewset registered for :class:`~wagtail.models.Page`."""

import copy

from django import forms
from django.contrib.admin.utils import quote as admin_urlquote
from django.templatetags.l10n import unlocalize
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.templatetags.wagtailadmin_tags import (
    page_listing_buttons,
    test_page_is_public,
)
from wagtail.admin.ui.tables import DateColumn as DateColumnBase
from wagtail.admin.ui.tables import pages as tables
from wagtail.admin.views.pages.listing import (
    ExplorableIndexView,
    GenericPageFilterSet,
    SiteFilter,
)
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Site

from congso.core.backoffice.buttons import esc, human_date_html, icon_html
from congso.core.backoffice.urls_fast import reverse


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


class PageTitleColumn(tables.PageTitleColumn):
    """Wagtail's title cell (``_page_title_cell.html``, ``_page_title_explore.html`` and the
    privacy and lock indicators), its markup written in Python: five templates a row were a
    fifth of the explorer's time. With locale labels shown, Wagtail's templates write it."""

    def render_cell_html(self, instance, parent_context):
        context = self.get_cell_context_data(instance, parent_context)
        if context["show_locale_labels"]:
            return super().render_cell_html(instance, parent_context)
        page, request = instance, context["request"]
        user = request.user
        html = ["<td"]
        if self.classname:
            html.append(f' class="{esc(self.classname)}"')
        html.append(' data-listing-page-title>\n<div class="title-wrapper">\n')
        is_site_root = page.is_site_root()
        if is_site_root and any(
            user.has_perm(f"wagtailcore.{action}_site") for action in ("add", "change", "delete")
        ):
            html.append(
                f'<a href="{esc(reverse("wagtailsites:index"))}" title="{esc(_("Sites menu"))}">'
                f"{icon_html('site', 'initial')}</a>\n"
            )
        title = [f'<span id="page_{esc(admin_urlquote(unlocalize(page.pk)))}_title">\n']
        if not is_site_root and not page.is_leaf():
            title.append(icon_html("folder", "initial") + "\n")
        title.append(f"{esc(page.get_admin_display_title())}\n</span>")
        title = "".join(title)
        if context["page_perms"].can_edit():
            edit = reverse("wagtailadmin_pages:edit", args=[page.id])
            edit_title = esc(_("Edit this page"))
            html.append(f'<a href="{esc(edit)}" title="{edit_title}">\n{title}\n</a>\n')
        else:
            html.append(f"{title}\n")
        if not test_page_is_public({"request": request}, page):
            html.append(
                '<span\nclass="indicator privacy-indicator"\n'
                f'title="{esc(_("This page is protected from public view"))}"\n>\n'
                f"{icon_html('no-view', 'initial')}\n</span>\n"
            )
        if page.locked:
            mine = page.locked_by_id == user.pk
            if mine:
                lock_title = _("This page is locked, by you, to further editing")
            else:
                lock_title = _("This page is locked to further editing")
            html.append(
                f'<span\nclass="indicator {"" if mine else "indicator--is-dimmed"}"\n'
                f'title="{esc(lock_title)}"\n>\n{icon_html("lock", "initial")}\n</span>\n'
            )
        html.append('</div>\n<ul class="actions">\n')
        buttons = page_listing_buttons(
            {"request": request}, page, user, next_url=context["actions_next_url"]
        )
        for button in buttons["buttons"]:
            if button.show:
                html.append(f"<li>{button.render_html(buttons)}</li>\n")
        html.append("</ul>\n")
        parent = context["parent_page"]
        if parent:
            explore = reverse("wagtailadmin_explore", args=[parent.id])
            html.append(
                f'<div>\n<a href="{esc(explore)}">{icon_html("arrow-right", "default")}'
                f"{esc(parent.get_admin_display_title())}</a>\n</div>\n"
            )
        html.append("</td>")
        return mark_safe("".join(html))  # every value is escaped


def _td(column) -> str:
    # {% if column.classname %}class="…"{% endif %}
    return f'<td class="{esc(column.classname)}">' if column.classname else "<td >"


def status_tag_html(label, classname=None, url=None, title=None, hidden_label=None, attrs=None):
    """``{% status %}``: wagtailadmin/shared/status_tag.html."""
    classes = esc(" ".join(name for name in ("w-status", classname) if name))
    extra = f" {esc(attrs)}" if attrs else ""  # a template's string literal is already safe
    hidden = f'<span class="w-sr-only">{esc(hidden_label)}</span>' if hidden_label else ""
    text = esc(label) if label else ""
    if url:
        titled = f' title="{esc(title)}" ' if title else ""
        return f'<a href="{esc(url)}" class="{classes}"{titled}{extra}>\n{hidden} {text}\n</a>\n'
    return f'<span class="{classes}"{extra}>\n{hidden}\n{text}\n</span>\n'


class PageStatusColumn(tables.PageStatusColumn):
    """``_page_status_cell.html`` and ``page_status_tag.html`` in Python."""

    def render_cell_html(self, instance, parent_context):
        page = instance
        hidden_label = gettext("Current page status:")
        if page.live:
            url = page.get_url(request=parent_context.get("request"))
            tag = status_tag_html(
                page.status_string,
                "w-status--primary",
                url=url,
                title=gettext("Visit the live page") if url is not None else None,
                hidden_label=hidden_label,
                attrs=mark_safe('target="_blank" rel="noreferrer"') if url is not None else None,
            )
        else:
            tag = status_tag_html(page.status_string, hidden_label=hidden_label)
        return mark_safe(f"{_td(self)}\n{tag}</td>")  # every value is escaped


class DateColumn(DateColumnBase):
    """``wagtailadmin/tables/date_cell.html`` in Python."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        cell = human_date_html(value) if value else ""
        return mark_safe(f"{_td(self)}\n{cell}\n</td>")  # every value is escaped


class NavigateToChildrenColumn(tables.NavigateToChildrenColumn):
    """``_navigation_explore.html`` in Python."""

    def render_cell_html(self, instance, parent_context):
        page = instance
        title = esc(page.get_admin_display_title())
        navigable = page.is_navigable()
        if navigable:
            url = reverse("wagtailadmin_explore", args=[page.id])
            label = gettext("Explore child pages of '%(title)s'") % {"title": title}
            icon = icon_html("arrow-right", "default")
        elif page.permissions_for_user(parent_context["request"].user).can_add_subpage():
            url = reverse("wagtailadmin_pages:add_subpage", args=[page.id])
            label = gettext("Add a child page to '%(title)s'") % {"title": title}
            icon = icon_html("plus-inverse", "default")
        else:
            url = None
        classname = "children" if navigable else "no-children"
        link = (
            f'<a\nhref="{esc(url)}"\ntitle="{label}"\naria-label="{label}"\n>{icon}</a>'
            if url
            else ""
        )
        return mark_safe(f'<td class="{classname}">\n{link}\n</td>')  # every value is escaped


#: Wagtail's column classes and the ones here that write the same cells in Python
IN_PYTHON_COLUMNS = {
    tables.PageTitleColumn: PageTitleColumn,
    tables.PageStatusColumn: PageStatusColumn,
    DateColumnBase: DateColumn,
    tables.NavigateToChildrenColumn: NavigateToChildrenColumn,
}


def _in_python(column):
    """``column``, or its copy that writes its cells in Python."""
    ours = IN_PYTHON_COLUMNS.get(type(column))
    if ours:
        column = copy.copy(column)
        column.__class__ = ours
    return column


#: rows of the explorer at the root, where each is a portal's home page; 50 elsewhere
ROOT_ROWS = 20


class PortalExplorableIndexView(ExplorableIndexView):
    """Wagtail's explorer, with fewer rows a page at the root: each row there is the home page
    of one of the 151 portals, with its dropdown of ten actions, and 50 of them took two thirds
    of the time of the screen."""

    # The viewset hands these to the view (Wagtail's ``PageViewSet.columns``)
    base_columns = [_in_python(column) for column in ExplorableIndexView.base_columns]

    @cached_property
    def explorable_columns(self):
        return [_in_python(column) for column in super().explorable_columns]

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
