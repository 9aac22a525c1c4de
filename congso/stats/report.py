"""The quarterly sector report as a Word document in the administrative format of Decree
30/2020/NĐ-CP (issuing body and national motto side by side, number and symbol, place and
date, Times New Roman, page numbers), with its tables and a chart, and as PDF (fpdf2, with a
Times-compatible font); written by the worker (``report_tasks``)."""

import io
import re
from datetime import date
from decimal import Decimal

from django.conf import settings
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from congso.core import decree30
from congso.core.pdf import FAMILY, add_fonts, font_paths, pdf_available
from congso.core.text import fold, format_number

from . import dashboard, periods
from .pivot import format_value

MOTTO, MOTTO_2 = decree30.MOTTO, decree30.MOTTO_2


def issuing_organisation():
    """The department that issues the report (its name changes: it is read, never written)."""
    from congso.directory.models import Organisation

    return (
        Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT)
        .select_related("admin_unit")
        .order_by("pk")
        .first()
    )


def abbreviation(organisation) -> str:
    """The organisation's abbreviation in a document's symbol (Decree 30/2020, appendix III):
    its short name without marks and signs ("Sở TT&TT" -> "STTTT", "Sở KH&CN" -> "SKHCN"), or
    else the initials of its name, less the linking "và" and its area's name."""
    if organisation is None:
        return ""
    if organisation.short_name.strip():
        # an abbreviated word (TT&TT, KH&CN, UBND) as it is, a whole word (Sở) by its initial
        parts = []
        for word in organisation.short_name.split():
            capitals = sum(ch.isupper() for ch in word)
            parts.append(word if capitals > 1 or "&" in word else word[0])
        return re.sub(r"[^A-Z0-9]", "", fold("".join(parts)).upper())
    name = organisation.name
    area = organisation.admin_unit.name if organisation.admin_unit_id else ""
    if area and name.endswith(area):
        name = name[: -len(area)]
    words = [w for w in fold(name).split() if w != "va"]
    return "".join(w[0] for w in words if w[0].isalnum()).upper()


def symbol(organisation) -> str:
    """The report's symbol: BC (báo cáo) and the issuing organisation's abbreviation."""
    short = abbreviation(organisation)
    return f"BC-{short}" if short else "BC"


#: how a person signs (Decree 30/2020: a deputy signs for the head, "KT." = ký thay)
_SIGNS_AS = {
    "director": ["GIÁM ĐỐC"],
    "deputy_director": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    "chair": ["CHỦ TỊCH"],
    "vice_chair": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
}


def signature_lines(signer) -> list[str]:
    """The signature block's title lines; the head's title when nobody was chosen."""
    if signer is None:
        return ["GIÁM ĐỐC"]
    title = _SIGNS_AS.get(signer.position)
    if title is None:
        title = [(signer.position_detail or signer.get_position_display()).upper()]
    return title


def _issuer(board, organisation) -> tuple[str, str]:
    province = board.area.name if board.area else ""
    upper = f"UBND TỈNH {province.upper()}" if province else "UBND TỈNH"
    name = organisation.name if organisation else "Sở Thông tin và Truyền thông"
    return upper, name.upper()


def rows_of(board) -> list[list[str]]:
    """The report's table: each figure with the quarter, the previous one, growth."""
    rows = []
    for figure in board.figures.values():
        rows.append(
            [
                figure.item.label,
                figure.item.unit_of_measure,
                format_value(figure.value, figure.item.decimals),
                format_value(figure.previous, figure.item.decimals),
                format_value(figure.last_year, figure.item.decimals),
                _pct(figure.growth_last_year),
            ]
        )
    return rows


def _pct(value: Decimal | None) -> str:
    return "" if value is None else format_number(round(value, 2), 2) + "%"


HEADERS = ["Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo", "Kỳ trước", "Cùng kỳ năm trước", "So cùng kỳ"]


def chart_png(labels: list[str], values: list) -> bytes:
    """A bar chart as PNG for Word (which does not draw SVG)."""
    from PIL import Image, ImageDraw, ImageFont

    width, height, pad = 900, 360, 50
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype(font_paths()[0], 16)
    except (OSError, TypeError):
        font = ImageFont.load_default()
    numbers = [float(v) if v is not None else 0.0 for v in values]
    top = max(numbers + [1.0])
    n = max(len(numbers), 1)
    slot = (width - 2 * pad) / n
    draw.line((pad, height - pad, width - pad, height - pad), fill="black")
    for i, (label, value) in enumerate(zip(labels, numbers, strict=False)):
        h = (height - 2 * pad) * value / top
        x = pad + i * slot + slot * 0.15
        draw.rectangle((x, height - pad - h, x + slot * 0.7, height - pad), fill="#1f5f99")
        draw.text((x, height - pad + 8), label, fill="black", font=font)
        draw.text(
            (x, height - pad - h - 20),
            format_number(round(Decimal(value), 1)),
            fill="black",
            font=font,
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def write_docx(
    board, number: str = "", place: str = "", today: date | None = None, signer=None
) -> bytes:
    """``signer``: a directory person of the issuing organisation, or None for a blank
    signature under the head's title."""
    today = today or date.today()
    period = board.period
    place = place or (board.area.name if board.area else "")
    organisation = issuing_organisation()
    upper, issuer = _issuer(board, organisation)
    document = decree30.new_document()
    decree30.header(
        document,
        upper=upper,
        issuer=issuer,
        number_symbol=f"{number or '    '}/{symbol(organisation)}",
        place_date=decree30.place_and_date(place, today),
    )
    decree30.title(
        document,
        "BÁO CÁO",
        f"Tình hình phát triển Bưu chính, Viễn thông và Công nghệ thông tin {period.label.lower()}",
    )
    heading = document.add_paragraph()
    decree30.font(heading.add_run("I. KẾT QUẢ THỰC HIỆN"), bold=True)
    body = document.add_paragraph()
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1)
    decree30.font(body.add_run(board.sentence or "Chưa có số liệu được phê duyệt."))

    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for i, text in enumerate(HEADERS):
        decree30.cell(table.rows[0].cells[i], text, bold=True, size=12)
    for row in rows_of(board):
        cells = table.add_row().cells
        for i, text in enumerate(row):
            align = WD_ALIGN_PARAGRAPH.LEFT if i == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            decree30.cell(cells[i], text, size=12, align=align)

    revenue = board.figures.get("revenue")
    if revenue is not None and any(v is not None for _l, v in revenue.trend):
        caption = document.add_paragraph()
        decree30.font(caption.add_run(f"Biểu đồ: {revenue.item.label} theo quý"), italic=True)
        document.add_picture(
            io.BytesIO(
                chart_png([label for label, _v in revenue.trend], [v for _l, v in revenue.trend])
            ),
            width=Cm(15),
        )
    heading = document.add_paragraph()
    decree30.font(heading.add_run("II. KẾT QUẢ KIỂM TRA SỐ LIỆU"), bold=True)
    if board.findings:
        for finding in board.findings:
            item = document.add_paragraph(style="List Bullet")
            decree30.font(item.add_run(finding.message))
    else:
        decree30.font(document.add_paragraph().add_run("Không phát hiện sai lệch."))
    decree30.signature(
        document, title_lines=signature_lines(signer), name=signer.full_name if signer else ""
    )
    return decree30.to_bytes(document)


def write_pdf(
    board, number: str = "", place: str = "", today: date | None = None, signer=None
) -> bytes | None:
    """The same report as PDF; None when no Times-compatible font is installed."""
    if not pdf_available():
        return None
    from fpdf import FPDF

    today = today or date.today()
    place = place or (board.area.name if board.area else "")
    organisation = issuing_organisation()
    upper, issuer = _issuer(board, organisation)

    class Report(FPDF):
        def footer(self):
            self.set_y(-15)
            self.set_font(FAMILY, "", 11)
            self.cell(0, 10, str(self.page_no()), align="C")

    pdf = Report(format="A4")
    pdf.set_margins(30, 20, 20)
    add_fonts(pdf)
    pdf.add_page()
    col = 80
    pdf.set_font(FAMILY, "", 12)
    pdf.cell(col, 6, upper, align="C")
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(0, 6, MOTTO, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(col, 6, issuer, align="C")
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(0, 6, MOTTO_2, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 13)
    pdf.cell(col, 8, f"Số: {number or '    '}/{symbol(organisation)}", align="C")
    pdf.cell(
        0,
        8,
        decree30.place_and_date(place, today),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(6)
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 8, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        7,
        "Tình hình phát triển Bưu chính, Viễn thông và Công nghệ thông tin "
        + board.period.label.lower(),
        align="C",
    )
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 13)
    pdf.multi_cell(0, 7, board.sentence or "Chưa có số liệu được phê duyệt.", align="J")
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 10)
    with pdf.table(col_widths=(50, 20, 25, 25, 25, 20)) as table:
        row = table.row()
        for text in HEADERS:
            row.cell(text)
        for values in rows_of(board):
            row = table.row()
            for text in values:
                row.cell(text)
    revenue = board.figures.get("revenue")
    if revenue is not None and any(v is not None for _l, v in revenue.trend):
        pdf.ln(4)
        pdf.image(
            io.BytesIO(
                chart_png([label for label, _v in revenue.trend], [v for _l, v in revenue.trend])
            ),
            w=150,
        )
    pdf.ln(8)
    pdf.set_font(FAMILY, "B", 13)
    for line in signature_lines(signer):
        pdf.cell(0, 7, line, align="R", new_x="LMARGIN", new_y="NEXT")
    if signer is not None:
        pdf.ln(20)
        pdf.cell(0, 7, signer.full_name, align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def build_board(user, period_id: str):
    return dashboard.build(user, periods.parse(period_id))


def media_ready() -> bool:
    return bool(settings.MEDIA_ROOT)
