"""The report on the implementation of tasks as a Word document in the administrative format
of Decree 30/2020/NĐ-CP: issuing body and national motto side by side, number and symbol,
place and date, title, body, the table of the four buckets per lead organisation, recipients
and signer; Times New Roman 13. Written by the worker (``tasks.write_implementation_report``)."""

from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from congso.core import decree30
from congso.core.decree30 import place_and_date
from congso.core.text import format_date, format_number

from .selectors import BUCKETS, Counts

HEADERS = [
    "TT",
    "Đơn vị chủ trì",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Chưa hoàn thành, trong hạn",
    "Chưa hoàn thành, quá hạn",
    "Tổng số",
]


def table_rows(rows: list[dict]) -> list[list[str]]:
    """The summary table: one line per lead organisation, then the total."""
    lines = []
    for index, row in enumerate(rows, start=1):
        values = [row[name] for name in BUCKETS]
        lines.append(
            [str(index), row["lead_organisation__name"]]
            + [format_number(v) for v in values]
            + [format_number(sum(values))]
        )
    totals = [sum(row[name] for row in rows) for name in BUCKETS]
    lines.append(["", "Tổng cộng"] + [format_number(v) for v in totals + [sum(totals)]])
    return lines


def write_docx(
    *,
    issuer: str,
    upper: str,
    rows: list[dict],
    day: date,
    number: str = "",
    place: str = "",
    today: date | None = None,
) -> bytes:
    today = today or date.today()
    counts = Counts(**{name: sum(row[name] for row in rows) for name in BUCKETS})
    document = decree30.new_document()
    decree30.header(
        document,
        upper=upper,
        issuer=issuer,
        number_symbol=f"{number or '    '}/BC",
        place_date=place_and_date(place, today),
    )
    decree30.title(
        document, "BÁO CÁO", f"Tình hình thực hiện nhiệm vụ được giao đến ngày {format_date(day)}"
    )
    body = document.add_paragraph()
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1)
    rate = counts.on_time_rate
    decree30.font(
        body.add_run(
            f"Đến ngày {format_date(day)}, tổng số nhiệm vụ được giao là "
            f"{format_number(counts.total)}, trong đó đã hoàn thành {format_number(counts.done)} "
            f"nhiệm vụ ({format_number(counts.done_on_time)} đúng hạn, "
            f"{format_number(counts.done_late)} quá hạn); chưa hoàn thành "
            f"{format_number(counts.open_in_time + counts.open_overdue)} nhiệm vụ "
            f"({format_number(counts.open_in_time)} trong hạn, "
            f"{format_number(counts.open_overdue)} quá hạn)."
            + (f" Tỷ lệ hoàn thành đúng hạn đạt {format_number(rate, 1)}%." if rate else "")
        )
    )
    heading = document.add_paragraph()
    decree30.font(heading.add_run("Tổng hợp theo đơn vị chủ trì:"), bold=True)
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for i, text in enumerate(HEADERS):
        decree30.cell(table.rows[0].cells[i], text, bold=True, size=12)
    for line in table_rows(rows):
        cells = table.add_row().cells
        for i, text in enumerate(line):
            align = WD_ALIGN_PARAGRAPH.LEFT if i == 1 else WD_ALIGN_PARAGRAPH.CENTER
            decree30.cell(cells[i], text, size=12, align=align, bold=not line[0])
    decree30.signature(document, title_lines=["THỦ TRƯỞNG ĐƠN VỊ"])
    return decree30.to_bytes(document)
