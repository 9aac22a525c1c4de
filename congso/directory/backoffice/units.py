"""Administrative units: the map of a date, each unit's history, read-only."""

from datetime import date

import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import AdminDateInput

from congso.core.backoffice.views import ScopedIndexView, ScopedInspectView
from congso.core.backoffice.viewsets import ScopedViewSet
from congso.core.text import format_date, format_number

from ..models import AdminUnit
from ..selectors import ancestors, children_on, reference_units, successors_of
from ..sources import source_label, source_of, start_unknown
from .common import map_date_from, unit_label


class ProvinceChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.valid_to:
            return f"{obj.full_name} (→ {format_date(obj.valid_to)})"
        return obj.full_name


class ProvinceFilter(django_filters.ModelChoiceFilter):
    field_class = ProvinceChoiceField


class AdminUnitFilterSet(WagtailFilterSet):
    on = django_filters.DateFilter(
        label=_("Map of date"), method="filter_on", widget=AdminDateInput(format="%d/%m/%Y")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"),
        choices=AdminUnit.Level.choices,
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    province = ProvinceFilter(
        label=_("Province or centrally governed city"),
        queryset=AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).in_vietnamese_order(),
        method="filter_province",
    )

    class Meta:
        model = AdminUnit
        fields = ["on", "level", "province"]

    def __init__(self, data=None, *args, **kwargs):
        today = timezone.localdate()
        # The map of today unless another date is chosen; as the initial value it does not
        # count as an active filter.
        if data is not None and not data.get("on"):
            data = data.copy()
            data["on"] = format_date(today)
        super().__init__(data, *args, **kwargs)
        self.filters["on"].extra["initial"] = today

    def filter_on(self, queryset, name, value):
        return queryset.valid_on(value)

    def filter_province(self, queryset, name, value):
        return queryset.filter(Q(pk=value.pk) | Q(parent=value) | Q(parent__parent=value))


def valid_from_text(unit: AdminUnit) -> str:
    return format_date(unit.valid_from) or start_unknown(unit.source)


def unit_search_detail(unit: AdminUnit) -> str:
    """Where a unit lies and when it was in force: a name found in several eras."""
    start = format_date(unit.valid_from) or "…"
    end = format_date(unit.valid_to) or _("in force")
    parent = f"{unit.parent.full_name}, " if unit.parent_id else ""
    return f"{parent}{start} – {end}"


class AdminUnitIndexView(ScopedIndexView):
    list_select_related = ("parent",)
    tiebreak = ("code", "pk")
    results_template_name = "directory/units/index_results.html"

    def get_filename(self):
        return f"{self.export_filename}-{self.map_date.isoformat()}"

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["source"] = source_label(item.source)
        return row

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map_date"] = self.map_date
        field = self.filters.form["on"] if self.filters else None
        if field is not None and field.errors:
            context["map_date_error"] = _(
                "“%(value)s” is not a date: %(error)s The map of %(today)s is shown instead."
            ) % {
                "value": field.value(),
                "error": " ".join(field.errors),
                "today": format_date(self.map_date),
            }
        return context

    @cached_property
    def map_date(self) -> date:
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("on") or timezone.localdate()
        return timezone.localdate()

    def filter_queryset(self, queryset):
        if not (self.filters and self.filters.is_valid()):
            # A mistyped date must not show every unit of every era.
            return queryset.valid_on(timezone.localdate())
        return super().filter_queryset(queryset)

    def get_inspect_url(self, instance):
        url = super().get_inspect_url(instance)
        if url and self.map_date != timezone.localdate():
            url += "?" + urlencode({"on": self.map_date.isoformat()})
        return url


class AdminUnitInspectView(ScopedInspectView):
    extra_fields = ("map_date", "ancestors", "children", "predecessors", "successors")
    extra_labels = {
        "map_date": _("Map of date"),
        "ancestors": _("Belongs to"),
        "children": _("Units below it on that date"),
        "predecessors": _("Formed from"),
        "successors": _("Succeeded by"),
        "populations": _("Population"),
    }

    def get_fields(self):
        return [
            "code",
            "full_name",
            "type",
            "level",
            "valid_from",
            "valid_to",
            "source",
            *self.extra_fields,
            "populations",
        ]

    def get_field_label(self, field_name, field):
        if field_name in self.extra_labels:
            return self.extra_labels[field_name]
        if field_name == "full_name":
            return _("Administrative unit")
        return super().get_field_label(field_name, field)

    @cached_property
    def map_date(self) -> date:
        return map_date_from(self.request)

    def unit_link(self, unit: AdminUnit, suffix: str = ""):
        url = reverse(self.inspect_url_name, args=[unit.pk])
        if self.map_date != timezone.localdate():
            url += "?" + urlencode({"on": self.map_date.isoformat()})
        return format_html('<a href="{}">{}</a>{}', url, unit_label(unit), suffix)

    def _links(self, items):
        html = format_html_join(mark_safe("<br>"), "{}", ((item,) for item in items))
        return html or "—"

    def get_valid_from_display_value(self):
        return valid_from_text(self.object)

    def get_valid_to_display_value(self):
        return format_date(self.object.valid_to) or _("in force")

    def get_source_display_value(self):
        source = source_of(self.object.source)
        if source is None:
            return self.object.source or "—"
        return format_html(
            '{}<br><a href="{}" rel="noopener">{}</a>', source.label, source.url, source.url
        )

    def get_map_date_display_value(self):
        return format_date(self.map_date)

    def get_ancestors_display_value(self):
        return self._links(self.unit_link(unit) for unit in ancestors(self.object, self.map_date))

    def get_children_display_value(self):
        return self._links(self.unit_link(unit) for unit in children_on(self.object, self.map_date))

    def get_predecessors_display_value(self):
        successions = self.object.succeeds.select_related("predecessor__parent").order_by(
            "effective", "predecessor__sort_name"
        )
        return self._links(
            self.unit_link(s.predecessor, f" — {s.get_kind_display()}, {format_date(s.effective)}")
            for s in successions
        )

    def get_successors_display_value(self):
        return self._links(
            self.unit_link(s.successor, f" — {s.get_kind_display()}, {format_date(s.effective)}")
            for s in successors_of(self.object)
        )

    def get_populations_display_value(self):
        rows = self.object.populations.order_by("-year")
        return self._links(
            format_html("{}: {} ({})", p.year, format_number(p.total), source_label(p.source))
            for p in rows
        )


class AdminUnitViewSet(ScopedViewSet):
    model = AdminUnit
    name = "directory_units"
    url_prefix = "directory/units"
    icon = "site"
    menu_label = _("Administrative units")
    visible = staticmethod(reference_units)
    read_only = True
    index_view_class = AdminUnitIndexView
    inspect_view_class = AdminUnitInspectView
    filterset_class = AdminUnitFilterSet
    ordering = "sort_name"
    list_per_page = 25
    list_display = [
        Column("full_name", label=_("Administrative unit"), sort_key="sort_name"),
        Column("code", label=_("GSO code"), sort_key="code"),
        Column("type", label=_("Type"), accessor="get_type_display"),
        Column("parent", label=_("Parent unit"), accessor="parent.full_name"),
        Column(
            "valid_from", label=_("Valid from"), sort_key="valid_from", accessor=valid_from_text
        ),
        Column(
            "valid_to",
            label=_("Valid to"),
            sort_key="valid_to",
            accessor=lambda u: format_date(u.valid_to),
        ),
    ]
    list_export = ["code", "full_name", "get_type_display", "level", "parent", "valid_from"]
    list_export += ["valid_to", "source"]
    export_headings = {
        "code": _("GSO code"),
        "full_name": _("Administrative unit"),
        "get_type_display": _("Type"),
        "level": _("Level"),
        "parent": _("Parent unit"),
        "valid_from": _("Valid from"),
        "valid_to": _("Valid to"),
        "source": _("Source"),
    }
    export_filename = "don-vi-hanh-chinh"
