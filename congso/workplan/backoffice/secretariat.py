"""The secretariat's screen: a conference, its conclusion and the tasks assigned as they are read
out, with their cooperating organisations, and the documents attached to the conference (agenda,
minutes, slides), on one keyboard-friendly page (fields in reading order, the organisation chooser
folds Vietnamese), saved in one transaction through the services; each assignee is notified."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from congso.core.backoffice.views import errors_to_form
from congso.directory.selectors import visible_organisations, visible_people

from ..models import Conference, Task
from ..services import conclusion_record, conference_record, task_assign
from .choosers import OrganisationChooser, organisations_in_force

ROWS = 8
#: cooperating organisations a task read out may name on this screen (more on the task's form)
COOPERATING = 3
DOCUMENTS = 3


class DateInput(forms.DateInput):
    input_type = "date"


class SecretariatForm(forms.Form):
    title = forms.CharField(label=_("Conference"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Conference.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=None, required=False)
    bridge_points = forms.ModelMultipleChoiceField(
        label=_("Bridge points"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    number = forms.CharField(
        label=_("Conclusion: number and symbol"), max_length=100, required=False
    )
    issued_on = forms.DateField(label=_("Conclusion: date"), required=False, widget=DateInput)
    conclusion_title = forms.CharField(label=_("Conclusion: title"), max_length=500, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = visible_people(user).select_related("organisation")
        self.fields["bridge_points"].queryset = organisations_in_force(user)
        for row in range(ROWS):
            self.fields[f"task_{row}_title"] = forms.CharField(
                label=_("Task %(n)s") % {"n": row + 1}, max_length=500, required=False
            )
            self.fields[f"task_{row}_lead"] = forms.ModelChoiceField(
                label=_("Lead organisation"),
                queryset=visible_organisations(user),
                required=False,
                widget=OrganisationChooser,
            )
            for slot in range(COOPERATING):
                self.fields[f"task_{row}_cooperating_{slot}"] = forms.ModelChoiceField(
                    label=_("Task %(n)s: cooperating organisation %(k)s")
                    % {"n": row + 1, "k": slot + 1},
                    queryset=visible_organisations(user),
                    required=False,
                    widget=OrganisationChooser,
                )
            self.fields[f"task_{row}_deadline"] = forms.DateField(
                label=_("Deadline"), required=False, widget=DateInput
            )
        for row in range(DOCUMENTS):
            self.fields[f"document_{row}_title"] = forms.CharField(
                label=_("Document %(n)s: title") % {"n": row + 1}, max_length=255, required=False
            )
            self.fields[f"document_{row}_file"] = forms.FileField(
                label=_("Document %(n)s: file") % {"n": row + 1}, required=False
            )

    def conference_fields(self):
        return [f for f in self if not f.name.startswith(("task_", "document_"))]

    def task_rows(self):
        for row in range(ROWS):
            yield {
                "title": self[f"task_{row}_title"],
                "lead": self[f"task_{row}_lead"],
                "cooperating": [
                    self[f"task_{row}_cooperating_{slot}"] for slot in range(COOPERATING)
                ],
                "deadline": self[f"task_{row}_deadline"],
            }

    def document_rows(self):
        for row in range(DOCUMENTS):
            yield [self[f"document_{row}_{name}"] for name in ("title", "file")]

    def cooperating(self, row: int) -> list:
        """The cooperating organisations of a row, once each, without its lead."""
        data, chosen = self.cleaned_data, []
        for slot in range(COOPERATING):
            organisation = data.get(f"task_{row}_cooperating_{slot}")
            if organisation is not None and organisation not in chosen:
                chosen.append(organisation)
        return [o for o in chosen if o != data.get(f"task_{row}_lead")]

    def documents(self) -> list[tuple[str, object]]:
        data = self.cleaned_data
        return [
            (data.get(f"document_{row}_title") or "", data[f"document_{row}_file"])
            for row in range(DOCUMENTS)
            if data.get(f"document_{row}_file")
        ]

    def clean(self):
        data = super().clean()
        for row in range(ROWS):
            title, lead = data.get(f"task_{row}_title"), data.get(f"task_{row}_lead")
            if title and not lead:
                self.add_error(f"task_{row}_lead", _("Choose the lead organisation."))
            if lead and not title:
                self.add_error(f"task_{row}_title", _("Write the task."))
            cooperating = [
                data.get(f"task_{row}_cooperating_{slot}") for slot in range(COOPERATING)
            ]
            if any(cooperating) and not title:
                self.add_error(f"task_{row}_title", _("Write the task."))
        for row in range(DOCUMENTS):
            if data.get(f"document_{row}_title") and not data.get(f"document_{row}_file"):
                self.add_error(f"document_{row}_file", _("Choose the file of the document."))
        if any(data.get(f"task_{row}_title") for row in range(ROWS)) and not data.get("number"):
            self.add_error("number", _("Tasks are assigned by a conclusion: give its number."))
        return data


class SecretariatView(LoginRequiredMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "workplan/secretariat.html"
    page_title = _("Record a conference")
    header_icon = "date"
    form_class = SecretariatForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("workplan.add_conference"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        user, data = self.request.user, form.cleaned_data
        try:
            with transaction.atomic():
                conference = conference_record(
                    user=user,
                    data={
                        "title": data["title"],
                        "kind": data["kind"],
                        "starts_at": data["starts_at"],
                        "chair": data["chair"],
                        "agenda": data["agenda"],
                    },
                    participants=list(data["bridge_points"]),
                    bridge_points=[(org, "") for org in data["bridge_points"]],
                    documents=form.documents(),
                )
                conclusion = None
                if data.get("number"):
                    conclusion = conclusion_record(
                        user=user,
                        data={
                            "conference": conference,
                            "number": data["number"],
                            "issued_on": data["issued_on"] or conference.starts_at.date(),
                            "title": data["conclusion_title"] or data["title"],
                            "signer": data["chair"],
                        },
                    )
                assigned = 0
                for row in range(ROWS):
                    if not data.get(f"task_{row}_title"):
                        continue
                    task_assign(
                        user=user,
                        data={
                            "title": data[f"task_{row}_title"],
                            "lead_organisation": data[f"task_{row}_lead"],
                            "deadline": data[f"task_{row}_deadline"],
                            "source": Task.Source.CONCLUSION,
                            "conclusion": conclusion,
                            "conference": conference,
                        },
                        cooperating=form.cooperating(row),
                    )
                    assigned += 1
        except ValidationError as exc:
            errors_to_form(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Conference recorded, %(n)s tasks assigned.") % {"n": assigned}
        )
        return redirect(reverse("workplan_dashboard") + f"?kind=conference&id={conference.pk}")
