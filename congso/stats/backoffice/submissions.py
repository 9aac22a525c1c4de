"""Submissions: every data set's figures for a period and organisation, with their state;
each row opens the data-entry screen, where they are approved."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from congso.core.backoffice.views import ScopedIndexView
from congso.core.backoffice.viewsets import ScopedViewSet
from congso.core.text import format_datetime

from ..models import Submission
from ..selectors import visible_submissions


class SubmissionIndexView(ScopedIndexView):
    list_select_related = ("data_set", "organisation", "unit")
    search_field = "organisation__search_text"
    tiebreak = ("-period", "pk")


class SubmissionViewSet(ScopedViewSet):
    model = Submission
    name = "stats_submissions"
    url_prefix = "stats/submissions"
    icon = "tasks"
    menu_label = _("Submissions")
    index_view_class = SubmissionIndexView
    visible = staticmethod(visible_submissions)
    read_only = True
    list_filter = ["state", "data_set", "period"]
    ordering = "-period"
    list_display = [
        Column("data_set", label=_("Data set")),
        Column("period", label=_("Period"), sort_key="period", accessor="period_label"),
        Column("organisation", label=_("Reporting organisation")),
        Column("state", label=_("State"), accessor="get_state_display"),
        Column("updated", label=_("Updated"), accessor=lambda s: format_datetime(s.updated)),
    ]
    list_export = ["data_set", "period", "organisation", "unit", "get_state_display"]
    list_export += ["submitted", "approved", "accepted", "explanation"]
    export_headings = {
        "data_set": _("Data set"),
        "period": _("Period"),
        "organisation": _("Reporting organisation"),
        "unit": _("Administrative unit"),
        "get_state_display": _("State"),
        "submitted": _("Submitted at"),
        "approved": _("Approved at"),
        "accepted": _("Accepted at"),
        "explanation": _("Explanation"),
    }
    export_filename = "bao-cao-da-gui"
