"""Generic back-office views: scoped, saving through services, searching folded Vietnamese."""

import copy
import datetime
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import (
    FieldDoesNotExist,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.widgets.button import HeaderButton

from congso.core.search import folded_search, search_rank
from congso.core.text import format_date

from .display import EMPTY, choice_label, display_value, yes_no
from .export import VietnameseExportMixin

__all__ = ["EMPTY", "date_column", "yes_no"]


def date_column(name: str, label) -> Column:
    # Formatted here rather than by the template so that 27/03/2014 does not depend on the
    # admin language a user picked.
    return Column(
        name, label=label, sort_key=name, accessor=lambda obj: format_date(getattr(obj, name))
    )


def model_field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def required_relations(model, prefix: str = "", depth: int = 5) -> list[str]:
    """The relations ``select_related()`` without arguments follows (every foreign key that
    cannot be empty, through up to five models), named: Django deprecates the call without
    names, and a listing that declares none keeps its joins."""
    names = []
    if depth == 0:
        return names
    for field in model._meta.concrete_fields:
        if (field.many_to_one or field.one_to_one) and not field.null:
            name = f"{prefix}{field.name}"
            names.append(name)
            names += required_relations(field.related_model, f"{name}__", depth - 1)
    return names


class DisplayColumn(Column):
    """A column that reads its value the way every screen does (``display.display_value``):
    numbers grouped, yes/no in words, times local, choices by label. Values the column's own
    accessor already formatted (text) pass unchanged."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None or isinstance(value, str):
            return value
        field = model_field(type(instance), self.name) if self.accessor == self.name else None
        return display_value(value, field, self.name)


def readable_columns(columns: list[Column]) -> list[Column]:
    readable = []
    for column in columns:
        if type(column) is Column:
            column = copy.copy(column)
            column.__class__ = DisplayColumn
        readable.append(column)
    return readable


class ScopedMixin:
    """``visible`` (a selector taking the user) limits every object a view can reach, so an
    out-of-scope id is a 404, not a page."""

    visible = None

    def scoped_queryset(self):
        if self.visible is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no `visible` selector")
        return self.visible(self.request.user)


class ScopedIndexView(ScopedMixin, VietnameseExportMixin, IndexView):
    # The models are not in Wagtail's search index; search_queryset folds instead.
    is_searchable = True
    search_field = "search_text"
    list_select_related = ()
    list_prefetch_related = ()
    results_template_name = "congso/backoffice/index_results.html"
    #: appended to every ordering so pages never overlap
    tiebreak = ("pk",)

    @cached_property
    def columns(self):
        """The first column links each row to its edit form, or to its page where the user
        may not edit, with the row's buttons beside it, as Wagtail does for plain field names."""
        columns = readable_columns(super().columns)
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

    @cached_property
    def header_buttons(self):
        """Excel and CSV where people look for them, not behind the "…" menu."""
        buttons = list(super().header_buttons)
        if self.show_export_buttons:
            buttons += [
                HeaderButton(_("Download Excel"), url=self.xlsx_export_url, icon_name="download"),
                HeaderButton(_("Download CSV"), url=self.csv_export_url, icon_name="download"),
            ]
        return buttons

    @cached_property
    def header_more_buttons(self):
        exports = {self.xlsx_export_url, self.csv_export_url}
        return [b for b in super().header_more_buttons if getattr(b, "url", None) not in exports]

    def to_row_dict(self, item):
        """Stored choices export as the labels people read ("Cấp tỉnh", not 1)."""
        row = super().to_row_dict(item)
        for name, value in row.items():
            row[name] = choice_label(model_field(self.model, name), value)
        return row

    def get_base_queryset(self):
        related = self.list_select_related or required_relations(self.model)
        queryset = self.scoped_queryset()
        if related:
            queryset = queryset.select_related(*related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        ordering = [*queryset.query.order_by, *self.tiebreak]
        if self.is_searching and self.search_field and "ordering" not in self.request.GET:
            # Where the user chose no order, the best matches come first.
            queryset = queryset.annotate(_rank=search_rank(self.search_field, self.search_query))
            ordering.insert(0, "_rank")
        return queryset.order_by(*ordering)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return folded_search(queryset, self.search_query, self.search_field)


class ScopedInspectView(ScopedMixin, InspectView):
    inspect_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(self.scoped_queryset(), pk=self.pk)

    def get_field_display_value(self, field_name, field):
        """Every field reads by its type (``display.display_value``) unless the view or the
        model says otherwise (``get_<name>_display_value``, ``get_<name>_display``)."""
        custom = getattr(self, f"get_{field_name}_display_value", None)
        if callable(custom) or field is None:
            value = super().get_field_display_value(field_name, field)
            return EMPTY if value is None or value == "" else value
        if getattr(field, "flatchoices", None):
            return display_value(getattr(self.object, field.attname), field)
        value = super().get_field_display_value(field_name, field)
        if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
            return display_value(value, field)
        if value == "":
            return EMPTY
        return value


class ScopedHistoryView(ScopedMixin, HistoryView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


def errors_to_form(form, exc: ValidationError) -> None:
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
            errors_to_form(form, exc)
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


VERSION_FIELD = "congso_version"
_VERSION_SALT = "congso.backoffice.version"
_UNKNOWN = object()


def _plain(value):
    """A field's value as JSON, the same whether read from the database or from a form."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted((_plain(item) for item in value), key=str)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value == "":
        return None
    return value


def _model_fields(form, instance) -> dict:
    fields = {}
    for name in form.fields:
        try:
            fields[name] = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return fields


def saved_values(form, instance) -> dict:
    """What the database holds for each model field of ``form``."""
    return {
        name: _plain(field.value_from_object(instance))
        for name, field in _model_fields(form, instance).items()
    }


def add_version_field(form, instance) -> None:
    """Give ``form`` the hidden field that carries what ``instance`` held when it was opened,
    for ``ServiceEditView.changed_meanwhile`` to compare on save."""
    form.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
    form.initial[VERSION_FIELD] = signing.dumps(
        saved_values(form, instance), salt=_VERSION_SALT, compress=True
    )


def _display(form, name: str, value) -> str:
    if value in (None, [], ""):
        return "—"
    field = form.fields[name]
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(
            str(item) for item in field.queryset.model._default_manager.filter(pk__in=value)
        )
    if isinstance(field, forms.ModelChoiceField):
        item = field.queryset.model._default_manager.filter(pk=value).first()
        return str(item) if item is not None else str(value)
    if isinstance(field, forms.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(field, forms.DateField):
        return format_date(datetime.date.fromisoformat(value))
    choices = dict(getattr(field, "choices", ()) or ())
    return str(choices.get(value, value))


def _as_posted(data, name: str, value) -> None:
    """Put ``value`` into posted ``data`` as a browser would send it."""
    if isinstance(value, list):
        data.setlist(name, [str(item) for item in value])
    elif value is True:
        data[name] = "on"
    elif value is False:
        data.pop(name, None)
    else:
        data[name] = "" if value is None else str(value)


class ServiceEditView(ScopedMixin, ServiceFormMixin, EditView):
    """Edits through the service, refusing a save from a stale form: the form carries what it
    was opened with, and a save finds the row, locked, still as the form found it, or shows
    what changed meanwhile (a second person's new phone number is not overwritten without a
    word). Fields the user left as they were take the new values; the user's own edits stay."""

    # Deleting bypasses the services' audit and scope checks; bodies are closed, not deleted.
    can_delete = False

    def get_queryset(self):
        return self.scoped_queryset()

    def existing_object(self):
        return self.object

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        add_version_field(form, self.object)
        return form

    def form_valid(self, form):
        with transaction.atomic():
            current = type(self.object)._default_manager.select_for_update().get(pk=self.object.pk)
            changed = self.changed_meanwhile(form, current)
            if changed is None:
                return super().form_valid(form)
        self.refuse_stale(form, current, changed)
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)

    def changed_meanwhile(self, form, current) -> dict | None:
        """The fields changed since the form was opened, each with the value the form was
        opened with; ``None`` when nothing was. A form that carries no version (or a forged
        one) may be of any age: every field counts as changed."""
        try:
            opened = signing.loads(self.request.POST.get(VERSION_FIELD, ""), salt=_VERSION_SALT)
        except signing.BadSignature:
            opened = None
        now = saved_values(form, current)
        if not isinstance(opened, dict):
            return dict.fromkeys(now, _UNKNOWN)
        changed = {name: opened[name] for name in now if opened.get(name, now[name]) != now[name]}
        return changed or None

    def refuse_stale(self, form, current, changed: dict) -> None:
        now = saved_values(form, current)
        data = form.data.copy()
        data[VERSION_FIELD] = signing.dumps(now, salt=_VERSION_SALT, compress=True)
        shown = []
        for name, opened in changed.items():
            if opened is _UNKNOWN:
                continue
            field = form.fields[name]
            mine = _plain(form.cleaned_data.get(name)) if name in form.cleaned_data else opened
            if mine == opened and not field.disabled:
                # Left as it was: it takes the new value, so saving again loses nothing.
                _as_posted(data, name, now[name])
            shown.append(f"{capfirst(str(field.label or name))}: {_display(form, name, now[name])}")
        form.data = data
        if shown:
            message = _(
                "Someone saved this record after you opened it. The form now shows their "
                "changes in the fields you had not changed, and keeps your own changes: check "
                "it and save again. Changed meanwhile: %(changes)s."
            ) % {"changes": "; ".join(shown)}
        else:
            message = _("This form is out of date: check it and save again.")
        form.add_error(None, message)
