"""Generic back-office views: scoped, saving through services, searching folded Vietnamese."""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.views.generic.history import HistoryView

from congso.core.search import folded_search, search_rank
from congso.core.text import format_date

from .export import VietnameseExportMixin


def date_column(name: str, label) -> Column:
    # Formatted here rather than by the template so that 27/03/2014 does not depend on the
    # admin language a user picked.
    return Column(
        name, label=label, sort_key=name, accessor=lambda obj: format_date(getattr(obj, name))
    )


def yes_no(value: bool) -> str:
    return str(_("yes") if value else _("no"))


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


class ServiceEditView(ScopedMixin, ServiceFormMixin, EditView):
    # Deleting bypasses the services' audit and scope checks; bodies are closed, not deleted.
    can_delete = False

    def get_queryset(self):
        return self.scoped_queryset()

    def existing_object(self):
        return self.object
