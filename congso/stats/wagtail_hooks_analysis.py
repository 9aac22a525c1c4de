"""Back-office registrations of the analysis: pivot, dashboard, quarterly reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import analysis_views


@hooks.register("register_admin_urls")
def register_analysis_urls():
    return [
        path("stats/pivot/", analysis_views.pivot_view, name="stats_pivot"),
        path("stats/dashboard/", analysis_views.dashboard_view, name="stats_dashboard"),
        path("stats/reports/", analysis_views.reports_view, name="stats_reports"),
        path(
            "stats/reports/<int:pk>/<str:kind>/",
            analysis_views.report_file,
            name="stats_report_file",
        ),
    ]


class _StatsItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(analysis_views.VIEW_PERM)


@hooks.register("register_admin_menu_item")
def register_pivot_menu_item():
    return _StatsItem(
        _("Statistics analysis"), reverse("stats_pivot"), icon_name="table", order=560
    )


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return _StatsItem(
        _("Sector dashboard"), reverse("stats_dashboard"), icon_name="view", order=561
    )


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return _StatsItem(
        _("Quarterly reports"), reverse("stats_reports"), icon_name="doc-full", order=562
    )
