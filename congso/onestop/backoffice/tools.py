"""The catalogue import and export and the on-time statistics screens."""

import csv
import io
import zipfile

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.exceptions import InvalidFileException

from congso.core.text import format_number

from ..importers import export_rows, import_procedures, read_rows
from ..selectors import GROUPS, group_labels, on_time_statistics_for, visible_procedures


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Catalogue file (.xlsx or .csv)"))
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check only, write nothing"), required=False, initial=True
    )


def procedure_import_view(request):
    if not request.user.has_perm("onestop.add_procedure"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload.name, upload.read())
            report = import_procedures(
                user=request.user, rows=rows, dry_run=form.cleaned_data["dry_run"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        except (UnicodeDecodeError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException):
            form.add_error("file", _("This file cannot be read."))
    return TemplateResponse(
        request,
        "onestop/admin/import.html",
        {"form": form, "report": report, "title": _("Import procedures")},
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def procedure_export_view(request, kind: str):
    """The catalogue the user sees, in the columns the import reads, as Excel or CSV."""
    if not request.user.has_perm("onestop.view_procedure"):
        raise PermissionDenied
    if kind not in ("xlsx", "csv"):
        raise Http404
    procedures = (
        visible_procedures(request.user)
        .select_related("agency")
        .prefetch_related("documents", "steps__organisation")
        .order_by("code")
    )
    rows = export_rows(procedures)
    if kind == "csv":
        out = io.StringIO()
        # The byte-order mark lets Excel open the Vietnamese as UTF-8.
        out.write("\ufeff")
        csv.writer(out).writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment

        book = Workbook()
        sheet = book.active
        sheet.title = "Thu tuc"
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="danh-muc-thu-tuc.{kind}"'
    return response


class StatisticsForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"))
    end = forms.DateField(label=gettext_lazy("To date"))
    group_by = forms.ChoiceField(
        label=gettext_lazy("By"),
        choices=[
            ("agency", gettext_lazy("Agency")),
            ("procedure", gettext_lazy("Procedure")),
            ("field", gettext_lazy("Field")),
            ("channel", gettext_lazy("Channel")),
            ("month", gettext_lazy("Month")),
            ("all", gettext_lazy("All")),
        ],
    )


COLUMNS = [
    ("received", gettext_lazy("Received")),
    ("on_time", gettext_lazy("Resolved on time")),
    ("late", gettext_lazy("Resolved late")),
    ("open_within", gettext_lazy("In progress, within the deadline")),
    ("open_late", gettext_lazy("In progress, past the deadline")),
    ("supplement", gettext_lazy("Returned for supplement")),
    ("refused", gettext_lazy("Refused")),
    ("fully_online", gettext_lazy("Handled fully online")),
]


def statistics_rows(user, start, end, group_by):
    rows = on_time_statistics_for(user, start=start, end=end, group_by=group_by)
    labels = group_labels(group_by, [row.key for row in rows])
    return [
        {
            "label": labels.get(row.key, row.key) if row.key is not None else _("All"),
            "values": [getattr(row, name) for name, _label in COLUMNS],
            "on_time_share": row.on_time_share,
            "online_share": row.online_share,
        }
        for row in rows
    ]


def _percent(value) -> str:
    return "" if value is None else f"{format_number(value * 100, 1)} %"


def statistics_view(request):
    if not request.user.has_perm("onestop.view_dossier"):
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"start": today.replace(month=1, day=1), "end": today, "group_by": "agency"}
    form = StatisticsForm(request.GET or initial)
    rows = []
    if form.is_valid():
        data = form.cleaned_data
        assert data["group_by"] in GROUPS
        rows = statistics_rows(request.user, data["start"], data["end"], data["group_by"])
        if request.GET.get("export") == "xlsx":
            return _xlsx(rows)
    for row in rows:
        row["shown"] = [format_number(v) for v in row["values"]]
        row["on_time"] = _percent(row["on_time_share"])
        row["online"] = _percent(row["online_share"])
    return TemplateResponse(
        request,
        "onestop/admin/statistics.html",
        {
            "form": form,
            "rows": rows,
            "columns": [label for _name, label in COLUMNS],
            "title": _("On-time statistics"),
        },
    )


def _xlsx(rows) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Thong ke"
    sheet.append(
        [_("Group"), *[str(label) for _n, label in COLUMNS], _("On-time share"), _("Online share")]
    )
    for row in rows:
        sheet.append([str(row["label"]), *row["values"], row["on_time_share"], row["online_share"]])
        for cell in sheet[sheet.max_row][-2:]:
            cell.number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type=XLSX,
    )
    response["Content-Disposition"] = 'attachment; filename="thong-ke-dung-han.xlsx"'
    return response
