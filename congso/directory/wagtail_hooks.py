"""The back office of the directory: administrative units, organisations, clusters, people and
population in the Wagtail admin, under one "Directory" menu.

Listings are scoped with the selectors, forms save through the services (never ``form.save()``),
searches fold Vietnamese diacritics, and every listing exports to Excel.
"""

from datetime import date

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput
from wagtail.coreutils import multigetattr

from congso.core.text import fold, format_date, format_number

from .models import AdminUnit, Cluster, ImportRun, Organisation, Person, Population
from .selectors import (
    ancestors,
    children_on,
    successors_of,
    user_scope,
    visible_clusters,
    visible_organisations,
    visible_people,
    visible_units,
)
from .services import (
    ORGANISATION_FIELDS,
    PERSON_FIELDS,
    cluster_save,
    organisation_create,
    organisation_update,
    person_save,
)


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action("congso.import", _("Import"), _("Imported"))
    actions.register_action("congso.merge", _("Merge"), _("Merged into another unit"))


# --- helpers -------------------------------------------------------------------------------


def folded_search(queryset, query: str, field: str = "search_text"):
    """Every word must match the folded ``search_text``, so "do luong" finds "Đô Lương"."""
    for word in fold(query).split():
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


def date_column(name: str, label) -> Column:
    # Formatted here rather than by the template so that 27/03/2014 does not depend on the
    # admin language a user picked.
    return Column(
        name, label=label, sort_key=name, accessor=lambda obj: format_date(getattr(obj, name))
    )


def unit_label(unit: AdminUnit) -> str:
    """Communes share names across districts; the parent tells them apart."""
    if unit.parent_id:
        return f"{unit.full_name} ({unit.parent.full_name})"
    return unit.full_name


def units_in_force(user, *, keep: int | None = None):
    """Units the user may choose: their visible units in force today, plus the one already
    chosen (a unit since abolished must not make an old record uneditable)."""
    chosen = Q(pk__in=visible_units(user).valid_on(timezone.localdate()).values("pk"))
    if keep:
        chosen |= Q(pk=keep)
    return (
        AdminUnit.objects.filter(chosen)
        .select_related("parent")
        .order_by("level", "sort_name", "code")
    )


def map_date_from(request) -> date:
    field = forms.DateField(required=False)
    try:
        return field.clean(request.GET.get("on")) or timezone.localdate()
    except ValidationError:
        return timezone.localdate()


# --- generic views with scope and services ------------------------------------------------


class ScopedMixin:
    """``visible`` (a selector taking the user) limits every object a view can reach, so an
    out-of-scope id is a 404, not a page."""

    visible = None

    def scoped_queryset(self):
        if self.visible is None:
            return self.model._default_manager.all()
        return self.visible(self.request.user)


class DirectoryIndexView(ScopedMixin, IndexView):
    # The models are not in Wagtail's search index; search_queryset folds instead.
    is_searchable = True
    search_field = "search_text"
    list_select_related = ()
    list_prefetch_related = ()
    #: appended to every ordering so pages never overlap
    tiebreak = ("pk",)

    @cached_property
    def columns(self):
        """The first column links each row to its edit form, or to its page where the user
        may not edit, with the row's buttons beside it, as Wagtail does for plain field names."""
        columns = super().columns
        first = columns[0]
        if isinstance(first, TitleColumn):
            return columns
        # A read-only listing has a single action, the link itself: no menu of buttons.
        column_class = (
            self._get_title_column_class(TitleColumn) if self.edit_url_name else TitleColumn
        )
        title = column_class(
            first.name,
            label=first.label,
            accessor=first.accessor,
            sort_key=first.sort_key,
            get_url=lambda obj: self.get_edit_url(obj) or self.get_inspect_url(obj),
        )
        return [title, *columns[1:]]

    def get_base_queryset(self):
        queryset = self.scoped_queryset().select_related(*self.list_select_related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, *self.tiebreak)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return folded_search(queryset, self.search_query, self.search_field)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell, value in zip(
            super().generate_xlsx_row(worksheet, row_dict, date_format),
            row_dict.values(),
            strict=True,
        ):
            if isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            yield cell


class DirectoryInspectView(ScopedMixin, InspectView):
    inspect_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(self.scoped_queryset(), pk=self.pk)


class DirectoryHistoryView(ScopedMixin, HistoryView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ServiceFormMixin:
    """Saves through ``save_function(user, form, instance)`` (a service call) and shows what
    the service refuses as form errors; nothing is written when it refuses."""

    save_function = None

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_function(self.request.user, form, self.existing_object())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You do not have permission to do this."))
        else:
            response = self.save_action()
            return self.run_after_hook() or response
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class ServiceCreateView(ServiceFormMixin, CreateView):
    def existing_object(self):
        return None


class ServiceEditView(ScopedMixin, ServiceFormMixin, EditView):
    # Deleting bypasses the services' audit and scope checks; bodies are closed, not deleted.
    can_delete = False

    def get_queryset(self):
        return self.scoped_queryset()

    def existing_object(self):
        return self.object


class DirectoryViewSet(ModelViewSet):
    index_view_class = DirectoryIndexView
    inspect_view_class = DirectoryInspectView
    history_view_class = DirectoryHistoryView
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Imports write thousands of units; keeping a reference index of them buys nothing here.
    add_to_reference_index = False
    #: no add or edit: the data comes from imports
    read_only = False
    visible = None
    save_function = None
    inspect_view_fields_exclude = ["search_text", "sort_name"]
    _without = {"delete", "usage", "copy"}

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(delete_url_name=None, usage_url_name=None, visible=self.visible)
        if self.read_only:
            view_kwargs.update(add_url_name=None, edit_url_name=None, history_url_name=None)
        return view_kwargs

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(save_function=self.save_function, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(save_function=self.save_function, **kwargs)

    def get_urlpatterns(self):
        if not self.read_only:
            return [p for p in super().get_urlpatterns() if p.name not in self._without]
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
        ]

    @property
    def url_finder_class(self):
        # Audit log pages link objects through this finder; read-only models link to inspect.
        return type(
            "_DirectoryURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect" if self.read_only else "edit")},
        )


# --- administrative units -------------------------------------------------------------------


class ProvinceChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.valid_to:
            return f"{obj.full_name} (→ {format_date(obj.valid_to)})"
        return obj.full_name


class ProvinceFilter(django_filters.ModelChoiceFilter):
    field_class = ProvinceChoiceField


class AdminUnitFilterSet(WagtailFilterSet):
    on = django_filters.DateFilter(
        label=_("Map of date"), method="filter_on", widget=AdminDateInput
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"),
        choices=AdminUnit.Level.choices,
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    province = ProvinceFilter(
        label=_("Province"),
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
            data["on"] = today.isoformat()
        super().__init__(data, *args, **kwargs)
        self.filters["on"].extra["initial"] = today

    def filter_on(self, queryset, name, value):
        return queryset.valid_on(value)

    def filter_province(self, queryset, name, value):
        return queryset.filter(Q(pk=value.pk) | Q(parent=value) | Q(parent__parent=value))


class AdminUnitIndexView(DirectoryIndexView):
    list_select_related = ("parent",)
    tiebreak = ("code", "pk")

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


class AdminUnitInspectView(DirectoryInspectView):
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
        return format_date(self.object.valid_from) or "—"

    def get_valid_to_display_value(self):
        return format_date(self.object.valid_to) or _("in force")

    def get_source_display_value(self):
        return self.object.source or "—"

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
            format_html("{}: {} ({})", p.year, format_number(p.total), p.source) for p in rows
        )


class AdminUnitViewSet(DirectoryViewSet):
    model = AdminUnit
    name = "directory_units"
    url_prefix = "directory/units"
    icon = "site"
    menu_label = _("Administrative units")
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
        date_column("valid_from", _("Valid from")),
        date_column("valid_to", _("Valid to")),
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


# --- organisations ---------------------------------------------------------------------------


class OrganisationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        unit_field = self.fields["admin_unit"]
        unit_field.queryset = units_in_force(user, keep=self.instance.admin_unit_id)
        unit_field.label_from_instance = unit_label
        parents = visible_organisations(user)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("sort_name")


def save_organisation(user, form, organisation):
    data = {k: v for k, v in form.cleaned_data.items() if k in ORGANISATION_FIELDS}
    if organisation is None:
        return organisation_create(user=user, data=data)
    return organisation_update(user=user, organisation=organisation, data=data)


class OrganisationIndexView(DirectoryIndexView):
    list_select_related = ("admin_unit", "parent")


class OrganisationViewSet(DirectoryViewSet):
    model = Organisation
    name = "directory_organisations"
    url_prefix = "directory/organisations"
    icon = "group"
    menu_label = _("Organisations")
    index_view_class = OrganisationIndexView
    visible = staticmethod(visible_organisations)
    save_function = staticmethod(save_organisation)
    list_filter = ["kind"]
    ordering = "sort_name"
    list_display = [
        Column("name", label=_("Name"), sort_key="sort_name"),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("admin_unit", label=_("Administrative unit"), accessor="admin_unit.full_name"),
        Column("parent", label=_("Parent organisation")),
        Column("phone", label=_("Phone")),
        Column("email", label=_("Email")),
    ]
    list_export = ["name", "short_name", "get_kind_display", "admin_unit", "parent"]
    list_export += ["address", "phone", "email", "website", "valid_from", "valid_to"]
    export_headings = {
        "name": _("Name"),
        "short_name": _("Short name"),
        "get_kind_display": _("Kind"),
        "admin_unit": _("Administrative unit"),
        "parent": _("Parent organisation"),
        "address": _("Address"),
        "phone": _("Phone"),
        "email": _("Email"),
        "website": _("Website"),
        "valid_from": _("Valid from"),
        "valid_to": _("Valid to"),
    }
    export_filename = "co-quan-to-chuc"
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("short_name"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("admin_unit")]),
            FieldPanel("parent"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            FieldPanel("website"),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
        ],
        base_form_class=OrganisationForm,
    )


# --- clusters --------------------------------------------------------------------------------


class ClusterForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["organisation"].queryset = visible_organisations(user).order_by("sort_name")
        lead = self.fields["lead_unit"]
        lead.queryset = units_in_force(user, keep=self.instance.lead_unit_id)
        lead.label_from_instance = unit_label
        members = self.fields["members"]
        members.queryset = units_in_force(user)
        members.label_from_instance = unit_label


def save_cluster(user, form, cluster):
    data = {k: v for k, v in form.cleaned_data.items() if k != "members"}
    return cluster_save(user=user, data=data, members=form.cleaned_data["members"], cluster=cluster)


class ClusterIndexView(DirectoryIndexView):
    list_select_related = ("organisation", "lead_unit")
    list_prefetch_related = ("members",)

    def search_queryset(self, queryset):
        # Cluster names are short ("Cụm 1"); icontains on the name is enough.
        if not self.is_searching:
            return queryset
        return queryset.filter(name__icontains=self.search_query)

    def to_row_dict(self, item):
        return {
            field: member_names(item) if field == "members_text" else multigetattr(item, field)
            for field in self.list_export
        }


def member_names(cluster: Cluster) -> str:
    return ", ".join(unit.full_name for unit in cluster.members.all())


member_names.short_description = _("Member units")


class ClusterViewSet(DirectoryViewSet):
    model = Cluster
    name = "directory_clusters"
    url_prefix = "directory/clusters"
    icon = "list-ul"
    menu_label = _("Clusters")
    index_view_class = ClusterIndexView
    visible = staticmethod(visible_clusters)
    save_function = staticmethod(save_cluster)
    ordering = "name"
    list_display = [
        Column("name", label=_("Name"), sort_key="name"),
        Column("organisation", label=_("Organised by")),
        Column("lead_unit", label=_("Lead unit"), accessor="lead_unit.full_name"),
        Column("members", label=_("Member units"), accessor=member_names),
        date_column("valid_from", _("Valid from")),
        date_column("valid_to", _("Valid to")),
    ]
    list_export = ["name", "organisation", "lead_unit", "members_text", "valid_from", "valid_to"]
    list_export += ["note"]
    export_headings = {
        "name": _("Name"),
        "organisation": _("Organised by"),
        "lead_unit": _("Lead unit"),
        "members_text": _("Member units"),
        "valid_from": _("Valid from"),
        "valid_to": _("Valid to"),
        "note": _("Note"),
    }
    export_filename = "cum"
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("organisation"),
            FieldPanel("lead_unit"),
            FieldPanel("members", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
            FieldPanel("note"),
        ],
        base_form_class=ClusterForm,
    )


# --- people ----------------------------------------------------------------------------------


class PersonForm(WagtailAdminModelForm):
    username = forms.CharField(
        label=_("Login name"),
        required=False,
        max_length=150,
        help_text=_("Optional: gives this person an account, inactive until a password is set."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = visible_organisations(self.for_user).order_by(
            "sort_name"
        )
        if self.instance.user_id:
            del self.fields["username"]


def save_person(user, form, person):
    data = {k: v for k, v in form.cleaned_data.items() if k in PERSON_FIELDS}
    return person_save(
        user=user, data=data, person=person, username=form.cleaned_data.get("username", "")
    )


class PersonIndexView(DirectoryIndexView):
    list_select_related = ("organisation", "user")


class PersonViewSet(DirectoryViewSet):
    model = Person
    name = "directory_people"
    url_prefix = "directory/people"
    icon = "user"
    menu_label = _("People")
    index_view_class = PersonIndexView
    visible = staticmethod(visible_people)
    save_function = staticmethod(save_person)
    list_filter = ["position", "is_spokesperson"]
    ordering = "sort_name"
    list_display = [
        Column("full_name", label=_("Full name"), sort_key="sort_name"),
        Column("position", label=_("Position"), accessor="get_position_display"),
        Column("organisation", label=_("Organisation")),
        Column("email", label=_("Email")),
        Column("phone", label=_("Phone")),
        Column(
            "is_spokesperson",
            label=_("Spokesperson"),
            accessor=lambda p: _("yes") if p.is_spokesperson else "",
        ),
        Column("user", label=_("Login name"), accessor="user.username"),
    ]
    list_export = ["full_name", "get_position_display", "position_detail", "organisation"]
    list_export += ["email", "phone", "is_spokesperson"]
    export_headings = {
        "full_name": _("Full name"),
        "get_position_display": _("Position"),
        "position_detail": _("Position as written"),
        "organisation": _("Organisation"),
        "email": _("Email"),
        "phone": _("Phone"),
        "is_spokesperson": _("Spokesperson"),
    }
    export_filename = "can-bo"
    inspect_view_fields_exclude = ["search_text", "sort_name"]
    edit_handler = ObjectList(
        [
            FieldPanel("full_name"),
            FieldPanel("organisation"),
            FieldRowPanel([FieldPanel("position"), FieldPanel("position_detail")]),
            FieldPanel("is_spokesperson"),
            FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            FieldPanel("username"),
        ],
        base_form_class=PersonForm,
    )


# --- population ------------------------------------------------------------------------------


class PopulationIndexView(DirectoryIndexView):
    list_select_related = ("unit__parent",)
    search_field = "unit__search_text"
    tiebreak = ("-year", "pk")


class PopulationViewSet(DirectoryViewSet):
    model = Population
    name = "directory_population"
    url_prefix = "directory/population"
    icon = "table"
    menu_label = _("Population")
    read_only = True
    index_view_class = PopulationIndexView
    list_filter = ["year"]
    ordering = "unit__sort_name"
    list_per_page = 25
    list_display = [
        Column(
            "unit",
            label=_("Administrative unit"),
            sort_key="unit__sort_name",
            accessor=lambda p: unit_label(p.unit),
        ),
        Column("year", label=_("Year"), sort_key="year"),
        Column(
            "total", label=_("Total"), sort_key="total", accessor=lambda p: format_number(p.total)
        ),
        Column("urban", label=_("Urban"), accessor=lambda p: format_number(p.urban)),
        Column("rural", label=_("Rural"), accessor=lambda p: format_number(p.rural)),
        Column("source", label=_("Source")),
    ]
    list_export = ["unit.code", "unit", "year", "total", "urban", "rural", "source"]
    export_headings = {
        "unit.code": _("GSO code"),
        "unit": _("Administrative unit"),
        "year": _("Year"),
        "total": _("Total"),
        "urban": _("Urban"),
        "rural": _("Rural"),
        "source": _("Source"),
    }
    export_filename = "dan-so"


def import_summary(run: ImportRun) -> str:
    parts = []
    for stage, report in run.report.items():
        if isinstance(report, dict):
            parts.append(
                _("%(stage)s: %(created)s created, %(updated)s updated")
                % {
                    "stage": stage,
                    "created": report.get("created", 0),
                    "updated": report.get("updated", 0),
                }
            )
    return "; ".join(str(part) for part in parts)


class ImportRunIndexView(DirectoryIndexView):
    list_select_related = ("user",)
    is_searchable = False
    tiebreak = ("-pk",)


class ImportRunInspectView(DirectoryInspectView):
    def get_fields(self):
        return ["kind", "user", "started", "finished", "dry_run", "summary"]

    def get_field_label(self, field_name, field):
        if field_name == "summary":
            return _("What it changed")
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        if field_name == "summary":
            return import_summary(self.object)
        if field_name in ("started", "finished"):
            return format_datetime(getattr(self.object, field_name))
        return super().get_field_display_value(field_name, field)


def format_datetime(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S") if value else ""


class ImportRunViewSet(DirectoryViewSet):
    """Who imported which data, when, and what it changed (superusers, or a role granted
    "view import run")."""

    model = ImportRun
    name = "directory_imports"
    url_prefix = "directory/imports"
    icon = "download"
    menu_label = _("Import history")
    read_only = True
    index_view_class = ImportRunIndexView
    inspect_view_class = ImportRunInspectView
    ordering = "-started"
    list_filter = ["kind", "dry_run"]
    list_display = [
        Column("kind", label=_("Kind")),
        Column(
            "started",
            label=_("Started"),
            sort_key="started",
            accessor=lambda r: format_datetime(r.started),
        ),
        Column(
            "dry_run", label=_("Dry run"), accessor=lambda r: _("yes") if r.dry_run else _("no")
        ),
        Column("user", label=_("By"), accessor=lambda r: r.user or _("command line")),
        Column("summary", label=_("What it changed"), accessor=import_summary),
    ]
    list_export = ["kind", "started", "finished", "dry_run", "user", "report"]


class UnitSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Name or code, with or without accents")}),
        required=False,
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching, self.search_query = True, query
            objects = objects.search(query)
        return objects


class UnitChooseMixin:
    """The chooser lists the units in force today that the user may act for, searchable with
    or without accents: a select of 3.000 communes would be slow to draw and to use."""

    filter_form_class = UnitSearchForm
    per_page = 20

    def get_object_list(self):
        return (
            visible_units(self.request.user)
            .valid_on(timezone.localdate())
            .select_related("parent")
            .in_vietnamese_order()
        )

    @property
    def columns(self):
        return [
            self.title_column,
            Column("code", label=_("GSO code")),
            Column("parent", label=_("Parent unit"), accessor=lambda u: u.parent or ""),
        ]


class UnitChooseView(UnitChooseMixin, chooser_views.ChooseView):
    pass


class UnitChooseResultsView(UnitChooseMixin, chooser_views.ChooseResultsView):
    pass


class AdminUnitChooserViewSet(ChooserViewSet):
    model = AdminUnit
    name = "directory_unit_chooser"
    url_prefix = "directory/unit-chooser"
    icon = "site"
    choose_one_text = _("Choose an administrative unit")
    choose_another_text = _("Choose another unit")
    choose_view_class = UnitChooseView
    choose_results_view_class = UnitChooseResultsView


unit_chooser_viewset = AdminUnitChooserViewSet()


@hooks.register("register_admin_viewset")
def register_unit_chooser():
    return unit_chooser_viewset


# --- the menu --------------------------------------------------------------------------------


class DirectoryGroup(ViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "folder-open-inverse"
    menu_name = "directory"
    menu_order = 200
    items = (
        AdminUnitViewSet,
        OrganisationViewSet,
        ClusterViewSet,
        PersonViewSet,
        PopulationViewSet,
        ImportRunViewSet,
    )


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryGroup()


class MyOrganisationPanel(Component):
    """What the signed-in user belongs to and can reach, first on their dashboard."""

    name = "my_organisation"
    order = 50
    template_name = "directory/home/my_organisation.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        scope = user_scope(self.user)
        today = timezone.localdate()
        context = {"organisation": scope.organisation, "today": today}
        if scope.organisation is None:
            return context
        unit = scope.organisation.admin_unit
        context.update(
            organisations=visible_organisations(self.user).count(),
            people=visible_people(self.user).count(),
            units=visible_units(self.user).valid_on(today).count()
            if scope.organisation.is_territorial
            else 0,
            province_id=unit.pk if unit.level == AdminUnit.Level.PROVINCE else None,
        )
        return context


@hooks.register("construct_homepage_panels")
def add_my_organisation_panel(request, panels):
    if not request.user.is_superuser:
        panels.insert(0, MyOrganisationPanel(request.user))
