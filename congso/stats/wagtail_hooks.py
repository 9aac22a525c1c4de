"""Registrations of sector statistics in the back office: one "Statistics" menu with the data
entry, the submissions, the metadata and the API tokens; the audit actions. The screens live
in ``backoffice/``."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from .backoffice.checks import ChecksView
from .backoffice.entry import EntryListView, EntryView
from .backoffice.metadata import (
    DataSetViewSet,
    ElementViewSet,
    IndicatorViewSet,
    ReporterViewSet,
    RuleViewSet,
    TargetViewSet,
)
from .backoffice.submissions import SubmissionViewSet
from .backoffice.tokens import TokenViewSet
from .backoffice.transfer import ExportView, ImportView, TemplateDownloadView


@hooks.register("register_log_actions")
def register_stats_actions(actions):
    actions.register_action("congso.submit", _("Submit figures"), _("Figures submitted"))
    actions.register_action("congso.approve", _("Approve figures"), _("Figures approved"))
    actions.register_action("congso.accept", _("Accept figures"), _("Figures accepted"))
    actions.register_action("congso.unapprove", _("Unapprove figures"), _("Figures unapproved"))
    actions.register_action("congso.revoke", _("Revoke"), _("Revoked"))


@hooks.register("register_admin_urls")
def register_entry_urls():
    return [
        path("stats/entry/", EntryListView.as_view(), name="stats_entry_list"),
        path("stats/entry/<int:reporter>/<str:period>/", EntryView.as_view(), name="stats_entry"),
        path(
            "stats/entry/<int:reporter>/<str:period>/template/",
            TemplateDownloadView.as_view(),
            name="stats_template",
        ),
        path(
            "stats/entry/<int:reporter>/<str:period>/values/",
            ExportView.as_view(),
            name="stats_export",
        ),
        path("stats/import/", ImportView.as_view(), name="stats_import"),
        path("stats/checks/", ChecksView.as_view(), name="stats_checks"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, perm: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.perm = perm

    def is_shown(self, request):
        return request.user.has_perm(self.perm)


class StatsGroup(ViewSetGroup):
    menu_label = _("Statistics")
    menu_icon = "table"
    menu_name = "stats"
    menu_order = 300
    items = (
        SubmissionViewSet,
        ElementViewSet,
        DataSetViewSet,
        ReporterViewSet,
        TargetViewSet,
        IndicatorViewSet,
        RuleViewSet,
        TokenViewSet,
    )

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        own = [
            PermissionMenuItem(
                _("Data entry"),
                reverse("stats_entry_list"),
                icon_name="form",
                order=0,
                perm="stats.view_datavalue",
            ),
            PermissionMenuItem(
                _("Import figures"),
                reverse("stats_import"),
                icon_name="upload",
                order=1,
                perm="stats.change_datavalue",
            ),
            PermissionMenuItem(
                _("Validation and outliers"),
                reverse("stats_checks"),
                icon_name="tasks",
                order=2,
                perm="stats.view_datavalue",
            ),
        ]
        item.menu.initial_menu_items = [*own, *(item.menu.initial_menu_items or [])]
        return item


@hooks.register("register_admin_viewset")
def register_stats_viewsets():
    return StatsGroup()


from . import wagtail_hooks_analysis  # noqa: E402, F401  the analysis screens
