"""The unit chooser: a searchable modal instead of a select of thousands of communes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views

from congso.core.backoffice.choosers import ScopedChooserViewSet

from ..models import AdminUnit
from ..selectors import visible_units
from .common import ended_unit_message


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
    results_template_name = "directory/unit_chooser_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ended_unit_message"] = ended_unit_message(self.request.user)
        return context

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


class AdminUnitChooserViewSet(ScopedChooserViewSet):
    model = AdminUnit
    name = "directory_unit_chooser"
    url_prefix = "directory/unit-chooser"
    icon = "site"
    choose_one_text = _("Choose an administrative unit")
    choose_another_text = _("Choose another unit")
    choose_view_class = UnitChooseView
    choose_results_view_class = UnitChooseResultsView
    visible = staticmethod(visible_units)


unit_chooser_viewset = AdminUnitChooserViewSet()
