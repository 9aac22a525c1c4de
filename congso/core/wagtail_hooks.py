import django_filters
from django.db import models
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.fields import register_display_class

from congso.core.backoffice.search import EverythingSearchArea, SearchView
from congso.core.help import help_view
from congso.core.services import UNLOCK_ACTION
from congso.core.text import format_date


class DateFilterAdapter(BaseFilterAdapter):
    """A date filter in force reads 26/03/2014 on its chip, not 2014-03-26."""

    def get_active_filters(self):
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            format_date(self.value),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(django_filters.DateFilter, DateFilterAdapter, exact_class=True)


@hooks.register("register_admin_urls")
def register_search_url():
    return [path("search/", SearchView.as_view(), name="congso_search")]


@hooks.register("register_admin_search_area")
def register_everything_search_area():
    return EverythingSearchArea()


@hooks.register("insert_global_admin_css")
def global_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("congso/admin.css"))


@hooks.register("insert_global_admin_js")
def global_admin_js():
    return format_html('<script src="{}" defer></script>', static("congso/admin-a11y.js"))


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    from congso.core.lockouts import lockout_viewset

    return lockout_viewset


@hooks.register("register_log_actions")
def register_core_log_actions(actions):
    actions.register_action(UNLOCK_ACTION, _("Unlock sign-in"), _("Sign-in unlocked"))


@hooks.register("register_admin_urls")
def register_help_urls():
    return [
        path("help/", help_view, name="congso_help"),
        path("help/<slug:slug>/", help_view, name="congso_help_guide"),
    ]


@hooks.register("register_help_menu_item")
def register_guide_menu_item():
    return MenuItem(_("User guide"), reverse("congso_help"), icon_name="help", order=100)


@hooks.register("construct_help_menu")
def remove_wagtail_guides(request, menu_items):
    # Wagtail's own items lead to its English guide and release notes on wagtail.org.
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]


class BooleanDisplay(Component):
    """Yes/No in the user's language on detail views, where Wagtail would print True/False."""

    def __init__(self, value):
        self.value = value

    def render_html(self, parent_context=None):
        if self.value is None:
            return "—"
        return _("Yes") if self.value else _("No")


register_display_class(models.BooleanField, display_class=BooleanDisplay)
