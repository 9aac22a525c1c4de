"""The data-entry screen: a data set's grid for a period and a reporting organisation, with
Vietnamese number input, a comment per value, last period's value and each value's changes
beside it; save as draft, check, submit; approve, accept and unapprove for those who may.
Server-rendered; ``stats/entry.js`` only moves the cursor with Enter and the arrow keys."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from congso.core.numbers import NumberError, input_number, parse_number
from congso.core.text import format_date, format_number
from congso.directory.selectors import user_scope

from .. import periods, services
from ..models import DataSetReporter, DisaggregationOption, Submission, normalised
from ..selectors import Cell, entry_form, reporting_for
from ..validation import outliers_of


def _period_from(text: str, period_type: str) -> periods.Period:
    try:
        period = periods.parse(text)
    except periods.PeriodError as exc:
        raise Http404(str(exc)) from exc
    if period.type != period_type:
        raise Http404
    return period


class EntryListView(WagtailAdminTemplateMixin, TemplateView):
    """The forms the user may fill: each data set they report, for the current and the last
    periods, with each one's state."""

    template_name = "stats/entry_list.html"
    page_title = gettext_lazy("Data entry")
    header_icon = "form"
    RECENT = 4

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("stats.view_datavalue"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        reporters = list(
            reporting_for(self.request.user).order_by("data_set__name", "organisation__sort_name")[
                :200
            ]
        )
        year = self.request.GET.get("year", "")
        year = (
            int(year)
            if year.isdigit() and periods.MIN_YEAR <= int(year) < periods.MAX_YEAR
            else None
        )
        wanted = {}
        for reporter in reporters:
            if year:
                wanted[reporter.pk] = periods.periods_of_year(reporter.data_set.period_type, year)
            else:
                current = periods.containing(today, reporter.data_set.period_type)
                wanted[reporter.pk] = [current.shift(-i) for i in range(self.RECENT)]
        states = {
            (s.data_set_id, s.organisation_id, s.period): s
            for s in Submission.objects.filter(
                data_set__in={r.data_set_id for r in reporters},
                organisation__in={r.organisation_id for r in reporters},
                period__in={p.id for ps in wanted.values() for p in ps},
            )
        }
        rows = []
        for reporter in reporters:
            for period in wanted[reporter.pk]:
                submission = states.get((reporter.data_set_id, reporter.organisation_id, period.id))
                rows.append(
                    {
                        "reporter": reporter,
                        "period": period,
                        "state": submission.get_state_display() if submission else _("Not started"),
                        "url": reverse("stats_entry", args=[reporter.pk, period.id]),
                        "deadline": format_date(reporter.data_set.deadline(period)),
                    }
                )
        context["rows"] = rows
        context["year"] = year or ""
        return context


@dataclass
class CellView:
    cell: Cell
    text: str
    comment: str
    error: str = ""
    outlier: str = ""

    @property
    def name(self) -> str:
        return f"v-{self.cell.key}"

    @property
    def comment_name(self) -> str:
        return f"c-{self.cell.key}"

    @property
    def previous(self) -> str:
        return input_number(self.cell.previous)


class EntryView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "stats/entry.html"
    header_icon = "form"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.reporter = get_object_or_404(
            reporting_for(request.user).select_related("data_set__approver"),
            pk=kwargs["reporter"],
        )
        self.period = _period_from(kwargs["period"], self.reporter.data_set.period_type)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("stats.view_datavalue"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.reporter.data_set.name} — {self.period.label}"

    def get_page_subtitle(self):
        return str(self.reporter.organisation)

    # ---- reading the grid -------------------------------------------------------------
    def cells(self, form, data=None) -> list[list[CellView | None]]:
        outliers = outliers_of([c.value for r in form.rows for c in r.cells if c and c.value])
        grid = []
        for row in form.rows:
            line = []
            for cell in row.cells:
                if cell is None:
                    line.append(None)
                    continue
                if data is not None:
                    view = CellView(
                        cell, data.get(f"v-{cell.key}", ""), data.get(f"c-{cell.key}", "")
                    )
                else:
                    view = CellView(
                        cell,
                        input_number(normalised(cell.value.value)) if cell.value else "",
                        cell.value.comment if cell.value else "",
                    )
                if cell.value and cell.value.pk in outliers:
                    view.outlier = outliers[cell.value.pk].message
                line.append(view)
            grid.append(line)
        return grid

    def inputs(self, form, grid) -> list[services.ValueInput] | None:
        """The typed values, or None after marking every cell that is not a number."""
        options = {
            o.pk: o
            for o in DisaggregationOption.objects.filter(
                pk__in=[c.cell.option_id for line in grid for c in line if c and c.cell.option_id]
            )
        }
        values, bad = [], False
        for line in grid:
            for view in line:
                if view is None:
                    continue
                try:
                    number = parse_number(view.text)
                except NumberError as exc:
                    view.error = str(exc)
                    bad = True
                    continue
                option = options.get(view.cell.option_id)
                values.append(services.ValueInput(view.cell.element, option, number, view.comment))
        return None if bad else values

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or entry_form(self.reporter, self.period)
        grid = kwargs.get("grid") or self.cells(form)
        today = timezone.localdate()
        days_left = form.days_left(today)
        user = self.request.user
        submission = form.submission
        state = submission.state if submission else Submission.State.DRAFT
        scope = user_scope(user)
        can_act = scope.everything or scope.can_see_organisation(self.reporter.organisation)
        context.update(
            form=form,
            grid=list(zip(form.rows, grid, strict=True)),
            columns=form.columns,
            reporter=self.reporter,
            period=self.period,
            submission=submission,
            state_label=submission.get_state_display() if submission else _("Not started"),
            events=list(submission.events.select_related("user")) if submission else [],
            missing=[
                f"{c.element.name}{' — ' + self._option_name(form, c) if c.option_id else ''}"
                for c in form.missing
            ],
            deadline=format_date(form.deadline),
            days_left=days_left,
            days_late=-days_left,
            can_edit=(
                user.has_perm("stats.change_datavalue")
                and can_act
                and state in (Submission.State.DRAFT, Submission.State.SUBMITTED)
            ),
            can_submit=user.has_perm("stats.change_submission")
            and can_act
            and state == Submission.State.DRAFT,
            can_approve=user.has_perm(services.APPROVE) and state == Submission.State.SUBMITTED,
            can_accept=user.has_perm(services.ACCEPT) and state == Submission.State.APPROVED,
            can_unapprove=(user.has_perm(services.APPROVE) and state == Submission.State.APPROVED)
            or (user.has_perm(services.ACCEPT) and state == Submission.State.ACCEPTED),
            violations=kwargs.get("violations", []),
            need_explanation=kwargs.get("need_explanation", False),
            previous_label=self.period.previous().label,
        )
        return context

    @staticmethod
    def _option_name(form, cell) -> str:
        return dict(form.columns).get(cell.option_id, "")

    # ---- actions ---------------------------------------------------------------------------
    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "save")
        user = request.user
        reporter, period = self.reporter, self.period
        try:
            if action in ("save", "submit", "check"):
                form = entry_form(reporter, period)
                if not form.locked:
                    grid = self.cells(form, request.POST)
                    values = self.inputs(form, grid)
                    if values is None:
                        messages.error(
                            request, _("Some values are not numbers: nothing was saved.")
                        )
                        return self.render_to_response(
                            self.get_context_data(form=form, grid=grid), status=200
                        )
                    if user.has_perm("stats.change_datavalue"):
                        result = services.datavalue_save(
                            user=user,
                            data_set=reporter.data_set,
                            period=period,
                            organisation=reporter.organisation,
                            values=values,
                        )
                        changed = result.created + result.updated + result.deleted
                        if action == "save":
                            messages.success(
                                request,
                                _("Saved as draft: %(count)s values changed.")
                                % {"count": format_number(changed)},
                            )
                if action == "check":
                    return self._check(request)
                if action == "submit":
                    return self._submit(request)
            elif action in ("approve", "accept", "unapprove"):
                submission = get_object_or_404(
                    Submission,
                    data_set=reporter.data_set,
                    period=period.id,
                    organisation=reporter.organisation,
                )
                if action == "approve":
                    services.submission_approve(user=user, submission=submission)
                    messages.success(request, _("The figures are approved and locked."))
                elif action == "accept":
                    services.submission_accept(user=user, submission=submission)
                    messages.success(request, _("The figures are accepted."))
                else:
                    services.submission_unapprove(
                        user=user, submission=submission, reason=request.POST.get("reason", "")
                    )
                    messages.success(request, _("The figures are unapproved."))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("You do not have permission to do this."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(request.path)

    def _check(self, request):
        form = entry_form(self.reporter, self.period)
        submission = form.submission
        violations = services.submission_violations(submission) if submission else []
        if not violations:
            messages.success(request, _("Every validation rule holds."))
        return self.render_to_response(self.get_context_data(form=form, violations=violations))

    def _submit(self, request):
        try:
            with transaction.atomic():
                result = services.submission_submit(
                    user=request.user,
                    data_set=self.reporter.data_set,
                    period=self.period,
                    organisation=self.reporter.organisation,
                    explanation=request.POST.get("explanation", ""),
                )
        except services.ExplanationRequired as exc:
            messages.error(request, exc.messages[0])
            form = entry_form(self.reporter, self.period)
            return self.render_to_response(
                self.get_context_data(form=form, violations=exc.violations, need_explanation=True)
            )
        if result.violations:
            messages.warning(
                request,
                _("Submitted, with %(count)s validation findings.")
                % {"count": len(result.violations)},
            )
        else:
            messages.success(request, _("Submitted for approval."))
        return redirect(request.path)


def open_form_url(reporter: DataSetReporter, period: periods.Period) -> str:
    return reverse("stats_entry", args=[reporter.pk, period.id])
