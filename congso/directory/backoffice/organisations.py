"""Organisations: the department, its divisions, People's Committees, enterprises, the press."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column

from congso.core.backoffice.views import ScopedIndexView
from congso.core.backoffice.viewsets import ScopedViewSet

from ..models import Organisation
from ..selectors import visible_organisations
from ..services import (
    ORGANISATION_FIELDS,
    ORGANISATION_STRUCTURE,
    RESTRUCTURE,
    organisation_create,
    organisation_update,
)
from .common import ADMINISTRATOR_ONLY, keep_as_is, unit_label, units_in_force, with_current


class OrganisationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        instance = self.instance
        unit_field = self.fields["admin_unit"]
        unit_field.queryset = units_in_force(user, keep=instance.admin_unit_id)
        unit_field.label_from_instance = unit_label
        parents = with_current(visible_organisations(user), instance.parent_id)
        if instance.pk:
            parents = parents.exclude(pk=instance.pk)
        self.fields["parent"].queryset = parents.order_by("sort_name")
        if instance.pk and not user.has_perm(RESTRUCTURE):
            # What an organisation's accounts reach follows these three: an ordinary edit
            # must not move them, not even by a value the form could not display.
            keep_as_is(self, *ORGANISATION_STRUCTURE, reason=ADMINISTRATOR_ONLY)


def save_organisation(user, form, organisation):
    data = {k: v for k, v in form.cleaned_data.items() if k in ORGANISATION_FIELDS}
    if organisation is None:
        return organisation_create(user=user, data=data)
    return organisation_update(user=user, organisation=organisation, data=data)


class OrganisationIndexView(ScopedIndexView):
    list_select_related = ("admin_unit", "parent")


class OrganisationViewSet(ScopedViewSet):
    model = Organisation
    name = "directory_organisations"
    url_prefix = "directory/organisations"
    icon = "group"
    menu_label = _("Organisations")
    index_view_class = OrganisationIndexView
    visible = staticmethod(visible_organisations)
    save_function = staticmethod(save_organisation)
    list_filter = ["kind"]
    ordering = "sort_name"
    list_display = [
        Column("name", label=_("Name"), sort_key="sort_name"),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("admin_unit", label=_("Administrative unit"), accessor="admin_unit.full_name"),
        Column("parent", label=_("Parent organisation")),
        Column("phone", label=_("Phone")),
        Column("email", label=_("Email")),
    ]
    list_export = ["name", "short_name", "get_kind_display", "admin_unit", "parent"]
    list_export += ["address", "phone", "email", "website", "valid_from", "valid_to"]
    export_headings = {
        "name": _("Name"),
        "short_name": _("Short name"),
        "get_kind_display": _("Kind"),
        "admin_unit": _("Administrative unit"),
        "parent": _("Parent organisation"),
        "address": _("Address"),
        "phone": _("Phone"),
        "email": _("Email"),
        "website": _("Website"),
        "valid_from": _("Valid from"),
        "valid_to": _("Valid to"),
    }
    export_filename = "co-quan-to-chuc"
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("short_name"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("admin_unit")]),
            FieldPanel("parent"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            FieldPanel("website"),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
        ],
        base_form_class=OrganisationForm,
    )
