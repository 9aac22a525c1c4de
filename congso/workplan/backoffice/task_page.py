"""A task's own page: what it is, its history, and the forms of what the user may do with it —
report progress, ask for an extension, mark it done (the lead organisation); decide an extension,
confirm or refuse the completion (the assigning organisation). Each form calls one service."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from congso.core.backoffice.views import errors_to_form
from congso.directory.selectors import user_scope

from ..models import ExtensionRequest, Task
from ..selectors import BUCKET_LABELS, can_act_for_task, can_assign_for, status_on, visible_tasks
from ..services import (
    task_confirm_done,
    task_decide_extension,
    task_mark_done,
    task_report_progress,
    task_request_extension,
)


class DateInput(forms.DateInput):
    input_type = "date"


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("Attachment"), required=False)


class ExtensionForm(forms.Form):
    deadline = forms.DateField(label=_("Requested deadline"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DoneForm(forms.Form):
    pass


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False)


class ConfirmForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Completion"),
        choices=[("1", _("Confirm")), ("0", _("Not accepted: reopen"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False)


def _call(action: str, user, task: Task, data: dict):
    if action == "progress":
        return task_report_progress(
            user=user,
            task=task,
            percent=data["percent"],
            text=data["text"],
            attachment=data.get("attachment"),
        )
    if action == "extension":
        return task_request_extension(
            user=user, task=task, deadline=data["deadline"], reason=data["reason"]
        )
    if action == "done":
        return task_mark_done(user=user, task=task)
    if action == "decide":
        pending = task.extension_requests.filter(status=ExtensionRequest.Status.PENDING).first()
        if pending is None:
            raise ValidationError(_("No extension request is waiting."))
        return task_decide_extension(
            user=user, request=pending, approve=data["approve"], note=data["note"]
        )
    if action == "confirm":
        return task_confirm_done(user=user, task=task, accept=data["accept"], note=data["note"])
    raise Http404


FORMS = {
    "progress": (ProgressForm, _("Report progress")),
    "extension": (ExtensionForm, _("Request an extension")),
    "done": (DoneForm, _("Mark done")),
    "decide": (DecisionForm, _("Decide the extension request")),
    "confirm": (ConfirmForm, _("Confirm completion")),
}


class TaskPageView(LoginRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "workplan/task_page.html"
    header_icon = "tasks"

    def get_page_title(self):
        return str(self.task)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.task = get_object_or_404(
                visible_tasks(request.user).select_related(
                    "lead_organisation", "assigned_by", "assignee", "conclusion", "scheme"
                ),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def allowed(self) -> list[str]:
        user, task = self.request.user, self.task
        scope = user_scope(user)
        allowed = []
        reporting = user.has_perm("workplan.change_task") and can_act_for_task(scope, task)
        if reporting and task.done_on is None:
            allowed += ["progress", "done"]
            pending = task.extension_requests.filter(
                status=ExtensionRequest.Status.PENDING
            ).exists()
            if task.deadline and not pending:
                allowed.append("extension")
        if can_assign_for(scope, task):
            if (
                user.has_perm("workplan.assign_task")
                and task.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists()
            ):
                allowed.append("decide")
            if user.has_perm("workplan.confirm_task") and task.done_on and not task.confirmed_on:
                allowed.append("confirm")
        return allowed

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        task = self.task
        action_forms = []
        for action in self.allowed():
            form_class, label = FORMS[action]
            form = bound if bound is not None and bound[0] == action else None
            action_forms.append(
                {
                    "action": action,
                    "label": label,
                    "form": form[1] if form else form_class(prefix=action),
                }
            )
        context.update(
            task=task,
            status=BUCKET_LABELS.get(status_on(task)),
            reports=task.reports.select_related("reported_by")[:50],
            requests=task.extension_requests.all()[:20],
            cooperating=task.cooperating.all(),
            action_forms=action_forms,
            deadlines=task.deadline_history.all(),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action not in self.allowed():
            raise PermissionDenied
        form_class, _label = FORMS[action]
        form = form_class(request.POST, request.FILES, prefix=action)
        if form.is_valid():
            try:
                _call(action, request.user, self.task, form.cleaned_data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Saved."))
                return redirect(reverse("workplan_task", args=[self.task.pk]))
        return self.render_to_response(self.get_context_data(bound=(action, form)), status=200)
