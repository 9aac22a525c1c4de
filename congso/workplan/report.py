"""The report on the implementation of tasks as a Word document in the administrative format
of Decree 30/2020/NĐ-CP: issuing body and national motto side by side, number and symbol,
place and date, title, body, the table of the four buckets per lead organisation, recipients
and signer; Times New Roman 13. Written by the worker (``tasks.write_implementation_report``)."""

import io
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from congso.core.text import format_date, format_number

from .selectors import BUCKETS, Counts

MOTTO = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"
HEADERS = [
    "TT",
    "Đơn vị chủ trì",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Chưa hoàn thành, trong hạn",
    "Chưa hoàn thành, quá hạn",
    "Tổng số",
]


def place_and_date(place: str, day: date) -> str:
    """The place and date line of Decree 30/2020: a day below 10 and the months 1 and 2 take a
    leading zero ("Nghệ An, ngày 05 tháng 02 năm 2014", but "ngày 27 tháng 3")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place or '……'}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _font(run, size=13, bold=False, italic=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    return run


def _cell(cell, text, bold=False, size=13, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    _font(paragraph.add_run(text), size=size, bold=bold, italic=italic)


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
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    document.styles["Normal"].font.name = FONT
    document.styles["Normal"].font.size = Pt(13)

    head = document.add_table(rows=3, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell(head.cell(0, 0), upper.upper(), size=12)
    _cell(head.cell(0, 1), MOTTO, bold=True, size=12)
    _cell(head.cell(1, 0), issuer.upper(), bold=True, size=12)
    _cell(head.cell(1, 1), MOTTO_2, bold=True)
    _cell(head.cell(2, 0), f"Số: {number or '    '}/BC")
    _cell(head.cell(2, 1), place_and_date(place, today), italic=True)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run("BÁO CÁO"), size=14, bold=True)
    sub = document.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(
        sub.add_run(f"Tình hình thực hiện nhiệm vụ được giao đến ngày {format_date(day)}"),
        size=14,
        bold=True,
    )
    body = document.add_paragraph()
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1)
    rate = counts.on_time_rate
    _font(
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
    _font(heading.add_run("Tổng hợp theo đơn vị chủ trì:"), bold=True)
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for i, text in enumerate(HEADERS):
        _cell(table.rows[0].cells[i], text, bold=True, size=12)
    for line in table_rows(rows):
        cells = table.add_row().cells
        for i, text in enumerate(line):
            align = WD_ALIGN_PARAGRAPH.LEFT if i == 1 else WD_ALIGN_PARAGRAPH.CENTER
            _cell(cells[i], text, size=12, align=align, bold=not line[0])
    signature = document.add_table(rows=2, cols=2)
    _cell(
        signature.cell(0, 0),
        "Nơi nhận:",
        bold=True,
        italic=True,
        size=12,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _cell(signature.cell(1, 0), "- Như trên;\n- Lưu: VT.", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell(signature.cell(0, 1), "THỦ TRƯỞNG ĐƠN VỊ", bold=True)
    _cell(signature.cell(1, 1), "(Ký, ghi rõ họ tên)", italic=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
