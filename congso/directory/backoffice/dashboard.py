"""The signed-in user's organisation and reach, first on their dashboard."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from ..models import AdminUnit
from ..selectors import user_scope, visible_organisations, visible_people, visible_units
from .common import ended_unit_message


class MyOrganisationPanel(Component):
    """What the signed-in user belongs to and can reach, first on their dashboard."""

    name = "my_organisation"
    order = 50
    template_name = "directory/home/my_organisation.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        scope = user_scope(self.user)
        today = timezone.localdate()
        context = {
            "organisation": scope.organisation,
            "today": today,
            "ended_unit_message": ended_unit_message(self.user),
        }
        if scope.organisation is None:
            return context
        unit = scope.organisation.admin_unit
        context.update(
            organisations=visible_organisations(self.user).count(),
            people=visible_people(self.user).count(),
            units=visible_units(self.user).valid_on(today).count()
            if scope.organisation.is_territorial
            else 0,
            province_id=unit.pk if unit.level == AdminUnit.Level.PROVINCE else None,
        )
        return context
