"""The organisation chooser of the work programme's forms: a searchable modal that folds
Vietnamese ("yen thanh" finds "UBND huyện Yên Thành"), scoped to what the user may act for."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views

from congso.core.backoffice.choosers import ScopedChooserViewSet
from congso.directory.models import Organisation
from congso.directory.selectors import visible_organisations


class OrganisationSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Name, with or without accents")}),
        required=False,
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching, self.search_query = True, query
            objects = objects.search(query)
        return objects


def organisations_in_force(user):
    today = timezone.localdate()
    return (
        visible_organisations(user)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("admin_unit")
        .order_by("sort_name")
    )


class OrganisationChooseMixin:
    filter_form_class = OrganisationSearchForm
    per_page = 20

    def get_object_list(self):
        return organisations_in_force(self.request.user)

    @property
    def columns(self):
        return [
            self.title_column,
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("admin_unit", label=_("Administrative unit"), accessor="admin_unit.full_name"),
        ]


class OrganisationChooseView(OrganisationChooseMixin, chooser_views.ChooseView):
    pass


class OrganisationChooseResultsView(OrganisationChooseMixin, chooser_views.ChooseResultsView):
    pass


class OrganisationChooserViewSet(ScopedChooserViewSet):
    model = Organisation
    name = "workplan_organisation_chooser"
    url_prefix = "workplan/organisation-chooser"
    icon = "group"
    choose_one_text = _("Choose an organisation")
    choose_another_text = _("Choose another organisation")
    choose_view_class = OrganisationChooseView
    choose_results_view_class = OrganisationChooseResultsView
    visible = staticmethod(visible_organisations)
    # Only the work programme's forms use it; the directory's own forms keep their selects.
    register_widget = False


organisation_chooser_viewset = OrganisationChooserViewSet()
OrganisationChooser = organisation_chooser_viewset.widget_class
