"""Spreadsheet exports a Vietnamese office opens as it expects: CSV with a byte-order mark (Excel
on Windows reads UTF-8 without one as a legacy code page), real dates and numbers in xlsx, dates
and times in local time, yes/no in words, a sheet named after the listing, and no cell that a
spreadsheet would run as a formula."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.text import capfirst

from congso.core.text import format_date

from .display import yes_no

#: a text beginning with one of these runs as a formula in Excel and LibreOffice
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def local_naive(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(value):
        return value
    return timezone.make_naive(timezone.localtime(value))


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime.datetime):
        return local_naive(value).strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, int | float | Decimal):
        # Plain digits: a CSV is read back by programs as often as by people.
        return force_str(value)
    return neutralise(force_str(value))


def xlsx_value(value):
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime.datetime):
        return local_naive(value)
    if value is None or isinstance(value, int | float | Decimal | datetime.date):
        return value
    return neutralise(force_str(value))


def sheet_title(model) -> str:
    return capfirst(force_str(model._meta.verbose_name_plural)).translate(_SHEET_FORBIDDEN)[:31]


class VietnameseExportMixin:
    """Mixed into an IndexView (Wagtail's SpreadsheetExportMixin)."""

    def preprocess_field_value(self, field, value, export_format):
        custom = self.custom_field_preprocess.get(field, {})
        if export_format in custom:
            return custom[export_format](value)
        if isinstance(value, list | tuple):
            value = ", ".join(force_str(item) for item in value)
        if export_format == self.FORMAT_CSV:
            return csv_value(value)
        return xlsx_value(value)

    def stream_csv(self, queryset):
        rows = super().stream_csv(queryset)
        first = next(rows, b"")
        yield (BOM.encode() if isinstance(first, bytes) else BOM) + first
        yield from rows

    def get_sheet_title(self) -> str:
        return sheet_title(self.model)

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(title=self.get_sheet_title())
        worksheet.append(self.get_heading(queryset, field) for field in self.list_export)
        for item in queryset:
            worksheet.append(self.generate_xlsx_row(worksheet, self.to_row_dict(item)))
        workbook.save(output)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell, value in zip(
            super().generate_xlsx_row(worksheet, row_dict, date_format),
            row_dict.values(),
            strict=True,
        ):
            if isinstance(value, datetime.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm:ss"
            elif isinstance(value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, Decimal | float) and not isinstance(value, bool):
                cell.number_format = "#,##0.0##"
            elif isinstance(value, int) and not isinstance(value, bool):
                cell.number_format = "#,##0"
            yield cell
