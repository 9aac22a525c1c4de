"""Clusters (cụm) of districts or communes with their lead unit."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.coreutils import multigetattr

from congso.core.backoffice.views import ScopedIndexView, date_column
from congso.core.backoffice.viewsets import ScopedViewSet

from ..models import AdminUnit, Cluster
from ..selectors import units_on, user_scope, visible_clusters, visible_organisations, visible_units
from ..services import cluster_save
from .common import unit_label, with_current


class ClusterForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user, cluster = self.for_user, self.instance
        self.fields["organisation"].queryset = with_current(
            visible_organisations(user), cluster.organisation_id
        ).order_by("sort_name")
        candidates = cluster_member_choices(user, cluster)
        for name in ("lead_unit", "members"):
            self.fields[name].queryset = candidates
            self.fields[name].label_from_instance = unit_label


def cluster_member_choices(user, cluster: Cluster) -> QuerySet[AdminUnit]:
    """The units of the cluster's own period (its members may since have been abolished: the
    districts of 2014), within the organiser's territory, plus the members it has."""
    day = cluster.valid_from or timezone.localdate()
    organisation = cluster.organisation if cluster.organisation_id else None
    organisation = organisation or user_scope(user).organisation
    if organisation is not None:
        candidates = units_on(day, parent=organisation.admin_unit)
    else:
        # An administrator of no organisation: provinces and districts, not every commune.
        candidates = AdminUnit.objects.valid_on(day).filter(level__lte=AdminUnit.Level.DISTRICT)
    chosen = Q(pk__in=visible_units(user).values("pk")) & Q(pk__in=candidates.values("pk"))
    if cluster.pk:
        chosen |= Q(pk__in=cluster.members.values("pk")) | Q(pk=cluster.lead_unit_id)
    return AdminUnit.objects.filter(chosen).select_related("parent").in_vietnamese_order()


def save_cluster(user, form, cluster):
    data = {k: v for k, v in form.cleaned_data.items() if k != "members"}
    return cluster_save(user=user, data=data, members=form.cleaned_data["members"], cluster=cluster)


class ClusterIndexView(ScopedIndexView):
    list_select_related = ("organisation", "lead_unit")
    list_prefetch_related = ("members",)

    def to_row_dict(self, item):
        return {
            field: member_names(item) if field == "members_text" else multigetattr(item, field)
            for field in self.list_export
        }


def member_names(cluster: Cluster) -> str:
    return ", ".join(unit.full_name for unit in cluster.members.all())


member_names.short_description = _("Member units")


class ClusterViewSet(ScopedViewSet):
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
