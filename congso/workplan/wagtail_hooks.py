"""Registrations of the work programme's back office: the menu, the audit actions, the
notification panel. The screens live in ``backoffice/``."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

LOG_ACTIONS = {
    "workplan.progress": (_("Report progress"), _("Progress reported")),
    "workplan.extension_request": (_("Request an extension"), _("Extension requested")),
    "workplan.extension_decision": (_("Decide an extension"), _("Extension decided")),
    "workplan.done": (_("Mark done"), _("Marked done")),
    "workplan.confirm": (_("Confirm completion"), _("Completion confirmed")),
    "workplan.reopen": (_("Reopen"), _("Completion not accepted, reopened")),
    "workplan.group": (_("Group petitions"), _("Grouped with petitions on the same topic")),
    "workplan.answer": (_("Answer"), _("Answered")),
}


@hooks.register("register_log_actions")
def register_workplan_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


from wagtail.admin.viewsets.base import ViewSetGroup  # noqa: E402

from .backoffice.choosers import organisation_chooser_viewset  # noqa: E402
from .backoffice.records import (  # noqa: E402
    ConclusionViewSet,
    ConferenceViewSet,
    PetitionViewSet,
    ProgrammeViewSet,
    SchemeViewSet,
)
from .backoffice.tasks import TaskViewSet  # noqa: E402


@hooks.register("register_admin_viewset")
def register_organisation_chooser():
    return organisation_chooser_viewset


class WorkplanGroup(ViewSetGroup):
    menu_label = _("Work programme")
    menu_icon = "tasks"
    menu_name = "workplan"
    menu_order = 300
    items = (
        TaskViewSet,
        ConferenceViewSet,
        ConclusionViewSet,
        PetitionViewSet,
        SchemeViewSet,
        ProgrammeViewSet,
    )


@hooks.register("register_admin_viewset")
def register_workplan_viewsets():
    return WorkplanGroup()


@hooks.register("register_admin_urls")
def register_workplan_urls():
    from django.urls import path

    from .backoffice.calendars import CalendarsView
    from .backoffice.conference_page import ConferencePageView
    from .backoffice.dashboard import DashboardChartView, DashboardView
    from .backoffice.parts import (
        MilestoneRemoveView,
        MilestonesView,
        ProgrammeItemRemoveView,
        ProgrammeItemsView,
    )
    from .backoffice.petition_groups import PetitionGroupsView
    from .backoffice.reports import ReportDownloadView, ReportListView
    from .backoffice.secretariat import SecretariatView
    from .backoffice.task_page import TaskPageView

    return [
        path("workplan/task/<int:pk>/", TaskPageView.as_view(), name="workplan_task"),
        path("workplan/calendars/", CalendarsView.as_view(), name="workplan_calendars"),
        path(
            "workplan/programme/<int:pk>/items/",
            ProgrammeItemsView.as_view(),
            name="workplan_programme_items",
        ),
        path(
            "workplan/scheme/<int:pk>/milestones/",
            MilestonesView.as_view(),
            name="workplan_scheme_milestones",
        ),
        path(
            "workplan/programme/<int:pk>/items/<int:part>/remove/",
            ProgrammeItemRemoveView.as_view(),
            name="workplan_programme_item_remove",
        ),
        path(
            "workplan/scheme/<int:pk>/milestones/<int:part>/remove/",
            MilestoneRemoveView.as_view(),
            name="workplan_scheme_milestone_remove",
        ),
        path(
            "workplan/petition-groups/",
            PetitionGroupsView.as_view(),
            name="workplan_petition_groups",
        ),
        path(
            "workplan/conference/<int:pk>/",
            ConferencePageView.as_view(),
            name="workplan_conference",
        ),
        path("workplan/dashboard/", DashboardView.as_view(), name="workplan_dashboard"),
        path("workplan/record/", SecretariatView.as_view(), name="workplan_secretariat"),
        path(
            "workplan/dashboard/chart.svg",
            DashboardChartView.as_view(),
            name="workplan_dashboard_chart",
        ),
        path("workplan/reports/", ReportListView.as_view(), name="workplan_reports"),
        path(
            "workplan/reports/<int:pk>/download/",
            ReportDownloadView.as_view(),
            name="workplan_report_download",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem(
        _("Task dashboard"),
        reverse("workplan_dashboard"),
        icon_name="tasks",
        order=301,
        name="workplan-dashboard",
    )


@hooks.register("register_admin_menu_item")
def register_secretariat_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    class SecretariatMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("workplan.add_conference")

    return SecretariatMenuItem(
        _("Record a conference"),
        reverse("workplan_secretariat"),
        icon_name="date",
        order=302,
        name="workplan-record",
    )


@hooks.register("construct_homepage_panels")
def add_notifications_panel(request, panels):
    from .backoffice.notifications import NotificationsPanel

    panels.insert(0, NotificationsPanel(request.user))
