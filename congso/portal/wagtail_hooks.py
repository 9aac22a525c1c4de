"""Registrations of the portals' back office."""

import functools

from wagtail import hooks
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from .backoffice.workflow import ModerationPanel


@hooks.register("construct_homepage_panels")
def moderation_panel_of_constant_cost(request, panels):
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = ModerationPanel()


@hooks.register("before_edit_page")
def read_the_workflow_state_once(request, page):
    """Wagtail's editor asks for the page's current workflow state a dozen times, one query each
    (``current_workflow_state`` is not cached). For showing the editor (GET), it is read once,
    in Wagtail's own prefetch attribute; a POST, which may change it, reads it afresh."""
    if request.method == "GET" and not hasattr(page, "_current_workflow_states"):
        states = list(
            page.workflow_states.active().select_related(
                "current_task_state__task", "workflow", "requested_by"
            )
        )
        for state in states:
            # The editor and its side panels each list the workflow's tasks.
            state.all_tasks_with_status = functools.cache(state.all_tasks_with_status)
            state.all_tasks_with_state = functools.cache(state.all_tasks_with_state)
        page._current_workflow_states = states
