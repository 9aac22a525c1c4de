"""Records that come from imports: population figures and the history of import runs."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from congso.core import text
from congso.core.backoffice.views import ScopedIndexView, ScopedInspectView, yes_no
from congso.core.backoffice.viewsets import ScopedViewSet
from congso.core.text import format_number

from ..models import ImportRun, Population
from ..selectors import visible_import_runs, visible_population
from ..sources import source_label, source_of
from .common import unit_label


class PopulationIndexView(ScopedIndexView):
    list_select_related = ("unit__parent",)
    search_field = "unit__search_text"
    tiebreak = ("-year", "pk")

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["source"] = source_label(item.source)
        return row


class PopulationInspectView(ScopedInspectView):
    def get_source_display_value(self):
        source = source_of(self.object.source)
        if source is None:
            return self.object.source
        return format_html(
            '{}<br><a href="{}" rel="noopener">{}</a>', source.label, source.url, source.url
        )


class PopulationViewSet(ScopedViewSet):
    model = Population
    name = "directory_population"
    url_prefix = "directory/population"
    icon = "table"
    menu_label = _("Population")
    visible = staticmethod(visible_population)
    read_only = True
    index_view_class = PopulationIndexView
    inspect_view_class = PopulationInspectView
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
        Column("source", label=_("Source"), accessor=lambda p: source_label(p.source)),
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


class ImportRunIndexView(ScopedIndexView):
    list_select_related = ("user",)
    is_searchable = False
    tiebreak = ("-pk",)


class ImportRunInspectView(ScopedInspectView):
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
    return text.format_datetime(value, seconds=True)


class ImportRunViewSet(ScopedViewSet):
    """Who imported which data, when, and what it changed (superusers, or a role granted
    "view import run")."""

    model = ImportRun
    name = "directory_imports"
    url_prefix = "directory/imports"
    icon = "download"
    menu_label = _("Import history")
    visible = staticmethod(visible_import_runs)
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
        Column("dry_run", label=_("Dry run"), accessor=lambda r: yes_no(r.dry_run)),
        Column("user", label=_("By"), accessor=lambda r: r.user or _("command line")),
        Column("summary", label=_("What it changed"), accessor=import_summary),
    ]
    list_export = ["kind", "started", "finished", "dry_run", "user", "report"]
