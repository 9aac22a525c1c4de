"""Tasks in the back office: the scoped list with each task's status today, Excel and CSV of
any list, the assigning form, and the page where a task is reported on and decided."""

import copy

from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column

from congso.core.backoffice.views import ScopedIndexView, date_column
from congso.core.backoffice.viewsets import ScopedViewSet
from congso.directory.backoffice.common import keep_as_is, with_current
from congso.directory.selectors import user_scope, visible_organisations, visible_people

from ..models import Task
from ..selectors import (
    BUCKET_LABELS,
    can_assign_for,
    visible_conclusions,
    visible_conferences,
    visible_petitions,
    visible_schemes,
    visible_tasks,
    with_status,
)
from ..services import TASK_FIELDS, task_assign, task_update
from .choosers import OrganisationChooser
from .common import changed_data, with_current_many

FORM_FIELDS = [name for name in TASK_FIELDS if name != "assigned_by"]
ASSIGNER_ONLY = _("Only the assigning organisation may change this.")


class TaskForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user, task = self.for_user, self.instance
        choices = {
            "conference": visible_conferences(user),
            "conclusion": visible_conclusions(user),
            "petition": visible_petitions(user),
            "scheme": visible_schemes(user),
            "assignee": visible_people(user).select_related("organisation"),
        }
        for name, queryset in choices.items():
            if name in self.fields:
                self.fields[name].queryset = with_current(queryset, getattr(task, f"{name}_id"))
        if "programme_item" in self.fields:
            self.fields["programme_item"].queryset = self.fields["programme_item"].queryset.filter(
                programme__organisation__in=visible_organisations(user).values("pk")
            )
            if task.programme_item_id:
                self.fields["programme_item"].queryset = with_current(
                    self.fields["programme_item"].queryset, task.programme_item_id
                )
        self.fields["lead_organisation"].queryset = with_current(
            visible_organisations(user), task.lead_organisation_id
        )
        current = list(task.cooperating.values_list("pk", flat=True)) if task.pk else []
        self.fields["cooperating"].queryset = with_current_many(
            visible_organisations(user), current
        ).order_by("sort_name")
        if task.pk and not can_assign_for(user_scope(user), task):
            keep_as_is(self, *self.fields, reason=ASSIGNER_ONLY)


def save_task(user, form, task):
    cooperating = form.cleaned_data.get("cooperating")
    if task is None:
        data = {k: v for k, v in form.cleaned_data.items() if k in FORM_FIELDS}
        return task_assign(user=user, data=data, cooperating=cooperating or [])
    data = changed_data(form, task, FORM_FIELDS)
    if form.fields["cooperating"].disabled:
        cooperating = None
    return task_update(user=user, task=task, data=data, cooperating=cooperating)


def status_label(task) -> str:
    return str(BUCKET_LABELS.get(getattr(task, "status", ""), ""))


status_label.short_description = _("Status")


class TaskIndexView(ScopedIndexView):
    list_select_related = ("lead_organisation", "assigned_by")

    def get_base_queryset(self):
        return with_status(super().get_base_queryset())

    @cached_property
    def columns(self):
        """The title opens the task's own page, where it is reported on and decided."""
        columns = list(super().columns)
        title = copy.copy(columns[0])
        title._get_url_func = lambda task: reverse("workplan_task", args=[task.pk])
        return [title, *columns[1:]]

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "status" in row:
            row["status"] = status_label(item)
        return row


class TaskViewSet(ScopedViewSet):
    model = Task
    name = "workplan_tasks"
    url_prefix = "workplan/tasks"
    icon = "tasks"
    menu_label = _("Tasks")
    add_to_admin_menu = False
    index_view_class = TaskIndexView
    visible = staticmethod(visible_tasks)
    save_function = staticmethod(save_task)
    list_filter = ["source", "sector", "priority"]
    ordering = "deadline"
    list_display = [
        Column("title", label=_("Title"), sort_key="title"),
        Column("lead_organisation", label=_("Lead organisation")),
        Column("assigned_by", label=_("Assigned by")),
        date_column("deadline", _("Deadline")),
        Column("progress", label=_("Progress (%)")),
        Column("status", label=_("Status"), accessor=status_label),
    ]
    list_export = ["title", "lead_organisation", "assigned_by", "source", "sector"]
    list_export += ["assigned_on", "deadline", "progress", "done_on", "confirmed_on", "status"]
    export_headings = {
        "title": _("Title"),
        "lead_organisation": _("Lead organisation"),
        "assigned_by": _("Assigned by"),
        "source": _("Source"),
        "sector": _("Field"),
        "assigned_on": _("Assigned on"),
        "deadline": _("Deadline"),
        "progress": _("Progress (%)"),
        "done_on": _("Done on"),
        "confirmed_on": _("Confirmed on"),
        "status": _("Status"),
    }
    export_filename = "nhiem-vu"
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("source"), FieldPanel("sector")]),
            FieldRowPanel([FieldPanel("conference"), FieldPanel("conclusion")]),
            FieldRowPanel([FieldPanel("petition"), FieldPanel("programme_item")]),
            FieldRowPanel([FieldPanel("source_document"), FieldPanel("scheme")]),
            FieldPanel("lead_organisation", widget=OrganisationChooser),
            FieldPanel("cooperating", widget=forms.SelectMultiple(attrs={"size": 8})),
            FieldPanel("assignee"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("deadline")]),
            FieldRowPanel([FieldPanel("recurrence"), FieldPanel("priority")]),
        ],
        base_form_class=TaskForm,
    )
