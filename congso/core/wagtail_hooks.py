import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)

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


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    from congso.core.lockouts import lockout_viewset

    return lockout_viewset


@hooks.register("register_log_actions")
def register_core_log_actions(actions):
    actions.register_action(UNLOCK_ACTION, _("Unlock sign-in"), _("Sign-in unlocked"))
