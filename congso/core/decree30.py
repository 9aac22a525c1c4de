"""Word documents in the administrative format of Decree 30/2020/NĐ-CP, shared by every report:
A4 with its margins, Times New Roman 13, the issuing body and the national motto side by side
with the number and symbol and the place and date under them, the centred title, the
recipients beside the signature, and the page number in the footer."""

import io
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

MOTTO = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"


def place_and_date(place: str, day: date) -> str:
    """The place and date line: a day below 10 and the months 1 and 2 take a leading zero
    ("Nghệ An, ngày 05 tháng 02 năm 2014", but "ngày 27 tháng 3")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place or '……'}, ngày {day.day:02d} tháng {month} năm {day.year}"


def font(run, size: int = 13, bold: bool = False, italic: bool = False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    # Word picks the East Asian font slot for some Vietnamese letters unless it is set too.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def cell(target, text: str, bold=False, size=13, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = target.paragraphs[0]
    paragraph.alignment = align
    font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
    return paragraph


def _page_number(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    font(run, size=13)


def new_document(*, page_numbers: bool = True):
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if page_numbers:
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number(footer)
    return document


def header(document, *, upper: str, issuer: str, number_symbol: str, place_date: str) -> None:
    """The body above the issuer (upper) and the issuer, beside the national motto; under
    them the number and symbol and the place and date."""
    head = document.add_table(rows=3, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    cell(head.cell(0, 0), upper.upper(), size=12)
    cell(head.cell(0, 1), MOTTO, bold=True, size=12)
    cell(head.cell(1, 0), issuer.upper(), bold=True, size=12)
    cell(head.cell(1, 1), MOTTO_2, bold=True)
    cell(head.cell(2, 0), f"Số: {number_symbol}")
    cell(head.cell(2, 1), place_date, italic=True)


def title(document, kind: str, subject: str) -> None:
    for text in (kind, subject):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font(paragraph.add_run(text), size=14, bold=True)


def signature(document, *, title_lines: list[str], name: str = "") -> None:
    """The recipients beside the signer's title, with room for the signature and the seal
    above the name (or, with no name, "signed and name written in full")."""
    block = document.add_table(rows=2, cols=2)
    left = WD_ALIGN_PARAGRAPH.LEFT
    cell(block.cell(0, 0), "Nơi nhận:", bold=True, italic=True, size=12, align=left)
    cell(block.cell(1, 0), "- Như trên;\n- Lưu: VT.", size=11, align=left)
    cell(block.cell(0, 1), "\n".join(title_lines), bold=True)
    if name:
        cell(block.cell(1, 1), "\n\n\n\n" + name, bold=True)
    else:
        cell(block.cell(1, 1), "(Ký, ghi rõ họ tên)", italic=True)


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
