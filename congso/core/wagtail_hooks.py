import django_filters
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)

from congso.core.backoffice.search import EverythingSearchArea, SearchView
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
