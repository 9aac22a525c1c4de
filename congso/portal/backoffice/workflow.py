"""Workflow screens whose cost does not grow with the number of items under review.

Wagtail asks the database for the tasks of each workflow state in a listing
(``WorkflowState.all_tasks_with_status``): one query per row of the dashboard's "awaiting your
review" panel (which is not paginated) and of the workflow report. Here one query answers for
the whole listing, and the panel shows the newest items with a link to the report."""

import copy
from collections import defaultdict

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.views.reports.workflows import WorkflowView
from wagtail.models import Page, Revision, TaskState, WorkflowState, WorkflowTask

#: rows of the dashboard's review panel; the workflow report lists them all, paginated
PANEL_ROWS = 20


def fill_tasks_with_status(workflow_states) -> None:
    """Answer ``all_tasks_with_status()`` of every given workflow state from two queries."""
    states = [state for state in workflow_states if state is not None]
    if not states:
        return
    tasks = defaultdict(list)
    links = WorkflowTask.objects.filter(
        workflow_id__in={state.workflow_id for state in states}
    ).select_related("task")
    for link in links.order_by("sort_order"):
        tasks[link.workflow_id].append(link.task)
    latest = {}
    for row in (
        TaskState.objects.filter(workflow_state__in=[state.pk for state in states])
        .order_by("started_at", "id")
        .values_list("workflow_state_id", "task_id", "status")
    ):
        latest[row[0], row[1]] = row[2]
    names = dict(TaskState.STATUS_CHOICES)
    for state in states:
        listed = []
        for task in tasks[state.workflow_id]:
            task = copy.copy(task)
            task.status = latest.get((state.pk, task.pk))
            task.status_display = names.get(task.status, _("Not started"))
            listed.append(task)
        state.all_tasks_with_status = lambda listed=listed: listed


class ModerationPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "awaiting your review" panel: the newest items, with a constant number of
    queries."""

    template_name = "portal/backoffice/workflow_objects_to_moderate.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super(WorkflowObjectsToModeratePanel, self).get_context_data(parent_context)
        context.update(states=[], request=request, csrf_token=parent_context["csrf_token"])
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        reviewable = TaskState.objects.reviewable_by(request.user)
        context["total"] = reviewable.count()
        states = list(
            reviewable.select_related(
                "task",
                "revision",
                "revision__user",
                "workflow_state",
                "workflow_state__workflow",
            )
            .prefetch_related(
                "revision__content_object", "revision__content_object__latest_revision"
            )
            .order_by("-started_at")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())[
                :PANEL_ROWS
            ]
        )
        fill_tasks_with_status(state.workflow_state for state in states)
        specific_tasks = {}
        for state in states:
            obj = state.revision.content_object
            if not obj:
                continue
            if state.task_id not in specific_tasks:
                specific_tasks[state.task_id] = state.task.specific
            task = specific_tasks[state.task_id]
            is_page = isinstance(obj, Page)
            viewset = None if is_page else obj.snippet_viewset
            context["states"].append(
                {
                    "obj": obj,
                    "revision": state.revision,
                    "previous_revision_id": state.previous_revision_id,
                    "live_revision_id": obj.live_revision_id,
                    "task_state": state,
                    "actions": task.get_actions(obj, request.user),
                    "workflow_tasks": state.workflow_state.all_tasks_with_status(),
                    "workflow_action_url_name": "wagtailadmin_pages:workflow_action"
                    if is_page
                    else viewset.get_url_name("workflow_action"),
                    "workflow_preview_url_name": (
                        "wagtailadmin_pages:workflow_preview"
                        if is_page
                        else viewset.get_url_name("workflow_preview")
                    )
                    if getattr(obj, "is_previewable", False)
                    else None,
                    "revisions_compare_url_name": "wagtailadmin_pages:revisions_compare"
                    if is_page
                    else viewset.get_url_name("revisions_compare"),
                }
            )
        return context


class PortalWorkflowReport(WorkflowView):
    """Wagtail's workflow report, its rows' tasks read in one query."""

    def get_table(self, object_list):
        fill_tasks_with_status(object_list)
        return super().get_table(object_list)


def workflow_report_urls(admin_prefix: str = "admin/") -> list:
    """The report at Wagtail's own address (listed before the admin's URLs)."""
    from django.urls import path
    from django.views.decorators.cache import never_cache
    from wagtail.admin.auth import require_admin_access

    def wrap(view):
        return never_cache(require_admin_access(view))

    return [
        path(f"{admin_prefix}reports/workflow/", wrap(PortalWorkflowReport.as_view())),
        path(
            f"{admin_prefix}reports/workflow/results/",
            wrap(PortalWorkflowReport.as_view(results_only=True)),
        ),
    ]


__all__ = ["ModerationPanel", "PortalWorkflowReport", "WorkflowState", "fill_tasks_with_status"]
