"""Validation on demand: a data set's rules over a range of periods and the units its reporters
report for (those the user may see), each violation with both sides' values; and the outliers
among the same values (far from each unit's own history)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from congso.core.numbers import input_number
from congso.directory.models import AdminUnit

from .. import periods
from ..models import DataSet, ValidationRule, normalised
from ..selectors import reporting_for, visible_values
from ..validation import outliers_of, run_rules

#: a report covers at most this many periods and values (a screen, not an export)
MAX_PERIODS, MAX_VALUES = 24, 2000


class ChecksForm(forms.Form):
    data_set = forms.ModelChoiceField(
        queryset=DataSet.objects.order_by("name"), label=gettext_lazy("Data set")
    )
    first = forms.CharField(label=gettext_lazy("From period"), max_length=8)
    last = forms.CharField(label=gettext_lazy("To period"), max_length=8)

    def clean(self):
        data = super().clean()
        data_set = data.get("data_set")
        found = {}
        for name in ("first", "last"):
            try:
                period = periods.parse(data.get(name, ""))
            except periods.PeriodError as exc:
                self.add_error(name, str(exc))
                continue
            if data_set and period.type != data_set.period_type:
                self.add_error(
                    name,
                    gettext_lazy("The data set is reported by %(type)s periods.")
                    % {"type": data_set.get_period_type_display().lower()},
                )
                continue
            found[name] = period
        if len(found) == 2:
            span = periods.periods_between(found["first"], found["last"])
            if not span:
                self.add_error("last", gettext_lazy("The last period is before the first."))
            elif len(span) > MAX_PERIODS:
                self.add_error(
                    "last",
                    gettext_lazy("At most %(count)s periods at a time.") % {"count": MAX_PERIODS},
                )
            data["periods"] = span
        return data


class ChecksView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "stats/checks.html"
    page_title = gettext_lazy("Validation and outliers")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("stats.view_datavalue"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ChecksForm(self.request.GET or None)
        context["form"] = form
        if not form.is_bound or not form.is_valid():
            return context
        data_set = form.cleaned_data["data_set"]
        span = form.cleaned_data["periods"]
        user = self.request.user
        reporters = list(reporting_for(user).filter(data_set=data_set))
        units = list(AdminUnit.objects.filter(pk__in={r.unit_id for r in reporters}))
        rules = ValidationRule.objects.filter(data_set=data_set)
        context["violations"] = run_rules(rules, span, units)
        values = list(
            visible_values(user)
            .filter(
                element__in=data_set.elements.all(),
                period__in=[p.id for p in span],
                organisation__in=[r.organisation_id for r in reporters],
            )
            .select_related("element", "option", "unit", "organisation")
            .order_by("element__sort_name", "period", "pk")[:MAX_VALUES]
        )
        found = outliers_of(values)
        context["outliers"] = [
            {
                "value": v,
                "shown": input_number(normalised(v.value)),
                "period": periods.label(v.period),
                "outlier": found[v.pk],
            }
            for v in values
            if v.pk in found
        ]
        context["checked"] = True
        return context
