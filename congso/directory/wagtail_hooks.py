"""Registrations of the directory's back office: one "Directory" menu, the unit chooser, the
dashboard panel and the audit actions. The screens live in ``backoffice/``."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from congso.core.backoffice.search import register_searchable

from .backoffice.choosers import unit_chooser_viewset
from .backoffice.clusters import ClusterViewSet
from .backoffice.dashboard import MyOrganisationPanel
from .backoffice.organisations import OrganisationViewSet
from .backoffice.people import PersonViewSet
from .backoffice.records import ImportRunViewSet, PopulationViewSet
from .backoffice.units import AdminUnitViewSet, unit_search_detail


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action("congso.import", _("Import"), _("Imported"))
    actions.register_action("congso.merge", _("Merge"), _("Merged into another unit"))


@hooks.register("register_admin_viewset")
def register_unit_chooser():
    return unit_chooser_viewset


class DirectoryGroup(ViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "folder-open-inverse"
    menu_name = "directory"
    menu_order = 200
    items = (
        AdminUnitViewSet,
        OrganisationViewSet,
        ClusterViewSet,
        PersonViewSet,
        PopulationViewSet,
        ImportRunViewSet,
    )


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryGroup()


@hooks.register("construct_homepage_panels")
def add_my_organisation_panel(request, panels):
    if not request.user.is_superuser:
        panels.insert(0, MyOrganisationPanel(request.user))


# What the back office's search finds (congso.core.backoffice.search).
register_searchable(AdminUnitViewSet, select_related=("parent",), describe=unit_search_detail)
register_searchable(OrganisationViewSet, select_related=("admin_unit",))
register_searchable(
    PersonViewSet, select_related=("organisation",), describe=lambda p: p.organisation
)
