"""Dashboards of the work programme: an organisation, a cluster, a conference, a scheme — the
four buckets, the on-time and overdue rates, the roll-up by lead organisation, the overdue list
and who owes it, with filters by period, sector and source; the chart of the buckets over time is
a server-drawn SVG image (no script: the CSP holds)."""

from datetime import date, timedelta
from xml.sax.saxutils import escape

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from congso.core.text import format_date, format_number
from congso.directory.selectors import organisation_of, visible_clusters, visible_organisations

from ..models import Field, Task
from ..selectors import (
    BUCKET_LABELS,
    BUCKETS,
    Counts,
    Filters,
    buckets_over_time,
    by_organisation,
    cluster_tasks,
    overdue_page_tasks,
    overdue_tasks,
    rewritten_tasks,
    status_counts,
    visible_conferences,
    visible_schemes,
    within_scope,
)

KINDS = ("organisation", "cluster", "conference", "scheme")
COLOURS = {
    "done_on_time": "#2e7d32",
    "done_late": "#f9a825",
    "open_in_time": "#1565c0",
    "open_overdue": "#c62828",
}


class DateInput(forms.DateInput):
    input_type = "date"


class DashboardFilterForm(forms.Form):
    day = forms.DateField(label=_("Status on"), required=False, widget=DateInput)
    start = forms.DateField(label=_("Deadlines from"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Assigned until"), required=False, widget=DateInput)
    sector = forms.ChoiceField(
        label=_("Field"), required=False, choices=[("", "—"), *Field.choices]
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", "—"), *Task.Source.choices]
    )


def subject_and_tasks(user, kind: str, pk: int | None):
    """The dashboard's subject, its tasks (within what the user sees) and whether a roll-up by
    lead organisation makes sense; an id outside the user's reach is a 404."""
    if kind not in KINDS:
        raise Http404
    if kind == "organisation":
        organisation = (
            visible_organisations(user).filter(pk=pk).first() if pk else organisation_of(user)
        )
        if organisation is None:
            raise Http404
        tasks = Task.objects.filter(Q(lead_organisation=organisation) | Q(assigned_by=organisation))
        return organisation, tasks, True
    found = (
        {
            "cluster": visible_clusters(user),
            "conference": visible_conferences(user),
            "scheme": visible_schemes(user),
        }[kind]
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    tasks = cluster_tasks(found) if kind == "cluster" else Task.objects.filter(**{kind: found})
    return found, within_scope(tasks, user), True


def read_filters(request) -> tuple[DashboardFilterForm, Filters, date]:
    form = DashboardFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = Filters(
        start=data.get("start"),
        end=data.get("end"),
        sector=data.get("sector") or "",
        source=data.get("source") or "",
    )
    return form, filters, data.get("day") or timezone.localdate()


def _pk(request) -> int | None:
    try:
        return int(request.GET.get("id", "")) or None
    except ValueError:
        return None


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{format_number(value, 1)} %"


class DashboardView(LoginRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "workplan/dashboard.html"
    page_title = _("Task dashboard")
    header_icon = "tasks"
    per_page = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        kind = request.GET.get("kind", "organisation")
        subject, tasks, roll_up = subject_and_tasks(request.user, kind, _pk(request))
        form, filters, day = read_filters(request)
        tasks = filters.apply(tasks)
        rewritten = rewritten_tasks(tasks, day)
        rows = by_organisation(tasks, day, rewritten) if roll_up else None
        # The roll-up already holds the totals: no second pass over the tasks for them.
        counts = (
            Counts(**{name: sum(row[name] for row in rows) for name in BUCKETS})
            if rows is not None
            else status_counts(tasks, day, rewritten)
        )
        keys = overdue_tasks(tasks, day, rewritten).values_list("pk", flat=True)
        paginator = Paginator(keys, self.per_page)
        # The counts already hold the list's length: no second pass over the tasks to count it.
        paginator.count = counts.open_overdue
        overdue = paginator.get_page(request.GET.get("p"))
        overdue.object_list = overdue_page_tasks(list(overdue.object_list))
        query = request.GET.copy()
        query.pop("p", None)
        context.update(
            kind=kind,
            subject=subject,
            form=form,
            day=day,
            counts=counts,
            buckets=[(BUCKET_LABELS[name], getattr(counts, name)) for name in BUCKETS],
            on_time_rate=_rate(counts.on_time_rate),
            overdue_rate=_rate(counts.overdue_rate),
            rows=(rows or [])[:100],
            overdue=overdue,
            query=query.urlencode(),
            chart_url=reverse("workplan_dashboard_chart") + "?" + query.urlencode(),
        )
        return context


def quarter_ends(day: date, count: int = 8) -> list[date]:
    """The ends of the ``count`` quarters up to the one of ``day`` (``day`` itself last)."""
    ends = [day]
    year, quarter = day.year, (day.month - 1) // 3  # the quarter before day's
    while len(ends) < count:
        if quarter == 0:
            year, quarter = year - 1, 4
        end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        ends.insert(0, end - timedelta(days=1))
        quarter -= 1
    return ends


def chart_svg(series) -> str:
    """Stacked bars of the four buckets at each day of ``series`` ([(day, Counts)])."""
    width, height, left, bottom, bar = 720, 280, 48, 40, 48
    top = max((counts.total for _day, counts in series), default=0) or 1
    step = (width - left - 10) / max(len(series), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 40}" '
        f'viewBox="0 0 {width} {height + 40}" role="img" '
        f'aria-label="{escape(_gettext("Tasks by status over time"))}">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
        'stroke="#333"/>',
        f'<text x="{left - 6}" y="16" text-anchor="end" font-size="11">{format_number(top)}</text>',
    ]
    scale = (height - bottom - 20) / top
    for index, (day, counts) in enumerate(series):
        x = left + index * step + (step - bar) / 2
        y = height - bottom
        for name in BUCKETS:
            value = getattr(counts, name)
            h = value * scale
            if value:
                y -= h
                label = f"{BUCKET_LABELS[name]}: {format_number(value)}"
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar}" height="{h:.1f}" '
                    f'fill="{COLOURS[name]}"><title>{escape(str(label))}</title></rect>'
                )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'font-size="11">{format_date(day)}</text>'
        )
    for index, name in enumerate(BUCKETS):
        x = left + index * 170
        parts.append(
            f'<rect x="{x}" y="{height + 8}" width="12" height="12" fill="{COLOURS[name]}"/>'
            f'<text x="{x + 16}" y="{height + 18}" font-size="11">'
            f"{escape(str(BUCKET_LABELS[name]))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


class DashboardChartView(LoginRequiredMixin, View):
    def get(self, request):
        kind = request.GET.get("kind", "organisation")
        _subject, tasks, _roll_up = subject_and_tasks(request.user, kind, _pk(request))
        _form, filters, day = read_filters(request)
        series = buckets_over_time(filters.apply(tasks), quarter_ends(day))
        response = HttpResponse(chart_svg(series), content_type="image/svg+xml")
        response["Cache-Control"] = "private, max-age=60"
        return response
