"""Screens of the analysis: the pivot (with Excel and CSV), the sector dashboard, the report
requests; and the public open-data page with its CSV and JSON downloads."""

import csv
import io
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congso.core.actors import SYSTEM
from congso.directory.models import AdminUnit, Person

from . import charts, dashboard, periods
from .models import PeriodType
from .models_analytics import ApprovedValue, ReportRequest
from .pivot import DIMENSIONS, item_choices, parse_items, pivot_data, pivot_table

POSITIONS = list(Person.Position.values)

VIEW_PERM = "stats.view_datavalue"


def _require(request):
    if not request.user.has_perm(VIEW_PERM):
        raise PermissionDenied


def _period_range(params) -> tuple[str, list[periods.Period], list[str]]:
    errors = []
    period_type = params.get("pt") or PeriodType.QUARTERLY
    if period_type not in PeriodType.values:
        period_type = PeriodType.QUARTERLY
    today = timezone.localdate()
    default_last = periods.containing(today, period_type).previous()
    try:
        last = periods.parse(params["to"]) if params.get("to") else default_last
        first = periods.parse(params["from"]) if params.get("from") else last.shift(-3)
        if first.type != period_type or last.type != period_type:
            raise periods.PeriodError(_("Both periods must be of the chosen type."))
        found = periods.periods_between(first, last)[:120]
    except periods.PeriodError as exc:
        errors.append(str(exc))
        found = [default_last.shift(-k) for k in range(3, -1, -1)]
    return period_type, found, errors


def _pivot(request):
    params = request.GET
    keys = params.getlist("data")
    choices = item_choices()
    if not keys and choices:
        keys = [choices[0][0]]
    items = parse_items(keys)
    period_type, period_list, errors = _period_range(params)
    try:
        level = int(params.get("level") or AdminUnit.Level.PROVINCE)
    except ValueError:
        level = AdminUnit.Level.PROVINCE
    if level not in AdminUnit.Level.values:
        level = AdminUnit.Level.PROVINCE
    try:
        day = date.fromisoformat(params["day"]) if params.get("day") else timezone.localdate()
    except ValueError:
        errors.append(_("The map date is not a date."))
        day = timezone.localdate()
    within = None
    if params.get("within", "").isdigit():
        within = AdminUnit.objects.filter(pk=params["within"]).first()
    rows = params.get("rows") if params.get("rows") in DIMENSIONS else "data"
    columns = params.get("cols") if params.get("cols") in DIMENSIONS else "period"
    if rows == columns:
        rows, columns = "data", "period"
    data = pivot_data(request.user, items, period_list, level=level, day=day, within=within)
    table = pivot_table(data, rows, columns)
    return {
        "choices": choices,
        "chosen": keys,
        "period_type": period_type,
        "period_types": PeriodType.choices,
        "first": period_list[0].id if period_list else "",
        "last": period_list[-1].id if period_list else "",
        "level": level,
        "levels": AdminUnit.Level.choices,
        "day": day.isoformat(),
        "within": within,
        "provinces": AdminUnit.objects.valid_on(day).filter(level=1).in_vietnamese_order(),
        "rows": rows,
        "cols": columns,
        "dimensions": [
            (d, {"data": _("Data"), "period": _("Period"), "unit": _("Unit")}[d])
            for d in DIMENSIONS
        ],
        "table": table,
        "data": data,
        "errors": errors,
    }


def _export_rows(table) -> list[list[str]]:
    out = [[table.corner, *[c.label for c in table.columns]]]
    for header, texts, _values in table.rows:
        out.append([header.label, *texts])
    return out


def pivot_view(request):
    _require(request)
    context = _pivot(request)
    table = context["table"]
    fmt = request.GET.get("format")
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="phan-tich.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([table.filter_label])
        writer.writerows(_export_rows(table))
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Phân tích"
        sheet.append([table.filter_label])
        sheet.append([table.corner, *[c.label for c in table.columns]])
        for header, _texts, values in table.rows:
            sheet.append([header.label, *[float(v) if v is not None else None for v in values]])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="phan-tich.xlsx"'
        return response
    if table.rows and table.columns:
        labels = [c.label for c in table.columns]
        first = table.rows[0]
        context["line"] = charts.line_chart(
            table.title,
            labels,
            {header.label: values for header, _t, values in table.rows[:6]},
        )
        context["bar"] = charts.bar_chart(first[0].label, labels, first[2])
    data = context["data"]
    if len(data.areas) > 1 and data.items and data.periods:
        item, period = data.items[0], data.periods[-1]
        context["tiles"] = charts.tile_map(
            f"{item.label} — {period.label}",
            [(area.full_name, data.get(item, period, area.pk)) for area in data.areas[:120]],
        )
    query = request.GET.copy()
    query.pop("format", None)
    context["query"] = query.urlencode()
    context["page_title"] = _("Pivot table")
    return render(request, "stats/analysis/pivot.html", context)


def dashboard_view(request):
    _require(request)
    today = timezone.localdate()
    try:
        period = periods.parse(request.GET["period"]) if request.GET.get("period") else None
    except periods.PeriodError:
        period = None
    if period is None or period.type != periods.PeriodType.QUARTERLY:
        period = periods.containing(today, periods.PeriodType.QUARTERLY).previous()
    board = dashboard.build(request.user, period)
    return render(
        request,
        "stats/analysis/dashboard.html",
        {"board": board, "page_title": _("Sector dashboard"), "period_id": period.id},
    )


def reports_view(request):
    _require(request)
    from .services_analysis import report_request_create, report_signers

    errors = []
    if request.method == "POST":
        try:
            report_request_create(
                user=request.user,
                period=request.POST.get("period", ""),
                number=request.POST.get("number", ""),
                signer_id=request.POST.get("signer", ""),
            )
        except periods.PeriodError as exc:
            errors.append(str(exc))
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            return redirect("stats_reports")
    requests = ReportRequest.objects.filter(requested_by=request.user)
    if request.user.is_superuser:
        requests = ReportRequest.objects.all()
    requests = requests.select_related("signer")[:20]
    default = periods.containing(timezone.localdate(), periods.PeriodType.QUARTERLY).previous()
    return render(
        request,
        "stats/analysis/reports.html",
        {
            "requests": requests,
            "errors": errors,
            "default_period": default.id,
            # heads first, in the order of the directory's positions
            "signers": sorted(report_signers(), key=lambda p: POSITIONS.index(p.position)),
            "chosen_signer": request.POST.get("signer", ""),
            "page_title": _("Quarterly reports"),
        },
    )


def report_file(request, pk: int, kind: str):
    _require(request)
    qs = ReportRequest.objects.all()
    if not request.user.is_superuser:
        qs = qs.filter(requested_by=request.user)
    report = get_object_or_404(qs, pk=pk, status=ReportRequest.Status.DONE)
    field = report.docx if kind == "docx" else report.pdf
    if not field:
        raise Http404
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=field.name.rsplit("/", 1)[-1]
    )


# ---- open data --------------------------------------------------------------------------
LICENCE = "CC BY 4.0"


def latest_quarter() -> periods.Period | None:
    """The latest quarter with an approved figure of the dashboard's leading part (the sector's
    revenue): monthly sample figures of single enterprises or districts for later months do not
    make a quarter whose sector figures are still missing the "latest"."""
    start = (
        ApprovedValue.objects.filter(element__code=dashboard.parts()["revenue"])
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    if start is None:
        return None
    return periods.containing(start, periods.PeriodType.QUARTERLY)


def open_data(period: periods.Period) -> dict:
    board = dashboard.build(SYSTEM, period)
    rows = []
    for part, figure in board.figures.items():
        rows.append(
            {
                "code": figure.item.key.split(":", 1)[1],
                "part": part,
                "name": figure.item.label,
                "unit_of_measure": figure.item.unit_of_measure,
                "period": period.id,
                "area": board.area.full_name if board.area else "",
                "area_code": board.area.code if board.area else "",
                "value": None if figure.value is None else str(round(figure.value, 6).normalize()),
            }
        )
    return {
        "board": board,
        "rows": rows,
        "metadata": {
            "title": "Số liệu Bưu chính, Viễn thông và CNTT đã phê duyệt",
            "publisher": dashboard.default_area(SYSTEM).full_name if board.area else "",
            "period": period.id,
            "period_label": period.label,
            "licence": LICENCE,
            "generated": timezone.now().isoformat(timespec="seconds"),
            "fields": {
                "code": "Mã chỉ tiêu",
                "name": "Tên chỉ tiêu",
                "unit_of_measure": "Đơn vị tính",
                "period": "Kỳ (DHIS2: 2014Q1)",
                "area": "Đơn vị hành chính",
                "value": "Giá trị (dấu chấm thập phân)",
            },
        },
    }


def _public_period(period_id: str | None) -> periods.Period:
    if period_id in (None, "moi-nhat"):
        period = latest_quarter()
        if period is None:
            raise Http404
        return period
    try:
        period = periods.parse(period_id)
    except periods.PeriodError as exc:
        raise Http404 from exc
    if period.type != periods.PeriodType.QUARTERLY:
        raise Http404
    return period


@require_GET
def open_data_page(request, period_id: str | None = None):
    period = latest_quarter() if period_id is None else _public_period(period_id)
    context = {"period": period, "page_title": _("Open data: sector statistics")}
    if period is not None:
        found = open_data(period)
        board = found["board"]
        context.update(found)
        revenue = board.figures.get("revenue")
        if revenue is not None:
            context["chart"] = revenue.chart
    return render(request, "stats/open_data.html", context)


@require_GET
def open_data_csv(request, period_id: str):
    found = open_data(_public_period(period_id))
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(found["metadata"]["fields"]) + ["area_code"], extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(found["rows"])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'inline; filename="thong-ke-{found["metadata"]["period"]}.csv"'
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def open_data_json(request, period_id: str):
    found = open_data(_public_period(period_id))
    response = JsonResponse(
        {"metadata": found["metadata"], "data": found["rows"]},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def open_data_metadata(request):
    period = latest_quarter()
    return JsonResponse(
        {
            "title": "Số liệu Bưu chính, Viễn thông và CNTT đã phê duyệt",
            "licence": LICENCE,
            "latest": period.id if period else None,
            "distributions": {
                "csv": "/du-lieu-mo/thong-ke/{ky}.csv",
                "json": "/du-lieu-mo/thong-ke/{ky}.json",
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )
