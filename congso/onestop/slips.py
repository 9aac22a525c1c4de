"""The one-stop slips as PDF files (fpdf2), to download, send or archive as they were issued.

Their wording is that of the forms of Circular 01/2018/TT-VPCP (Mẫu 01–05), which is fixed
Vietnamese whatever the reader's language, like the administrative header of the sector
report; dates are ``dd/mm/yyyy`` and every slip carries the dossier code and the QR code of
its lookup address."""

import io
from collections.abc import Callable
from datetime import date, datetime

from django.utils import timezone

from congso.core.pdf import FAMILY, add_fonts, pdf_available

from .models import Desk, Dossier
from .printing import control_rows, lookup_url

MOTTO = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"

TITLES = {
    "receipt": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "supplement": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "refusal": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "apology": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "control": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
}


def _d(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return f"{value:%d/%m/%Y}"


def _dt(value: datetime | None) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value else ""


def qr_png(text: str) -> io.BytesIO:
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=4, border=2)
    buffer.seek(0)
    return buffer


#: paper sizes of the slips; A5 (half a sheet) with narrower margins and smaller type
SIZES = {"a4": 1.0, "a5": 0.8}


def _page(title: str, orientation: str = "P", size: str = "a4"):
    from fpdf import FPDF

    # A5 in millimetres: fpdf2 warns on every A5 page made by its name.
    pdf = FPDF(orientation=orientation, format=(148, 210) if size == "a5" else "A4")
    if size == "a5":
        pdf.set_margins(12, 10, 10)
        pdf.set_auto_page_break(True, margin=10)
    else:
        pdf.set_margins(20, 15, 15)
        pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(title)
    add_fonts(pdf)
    pdf.add_page()
    return pdf


def _header(pdf, organisation, today: date, k: float = 1.0) -> None:
    """The issuing body and its desk on the left, the national motto and the date on the right;
    ``k`` scales the type (A5)."""
    desk = organisation and Desk.objects.filter(organisation_id=organisation.pk).first()
    col = pdf.epw * 0.43
    pdf.set_font(FAMILY, "", 11 * k)
    top = pdf.get_y()
    if organisation is not None:
        pdf.multi_cell(col, 5 * k, organisation.name.upper(), align="C")
    pdf.set_font(FAMILY, "B", 11 * k)
    pdf.multi_cell(col, 5 * k, "BỘ PHẬN MỘT CỬA", align="C")
    if desk:
        pdf.set_font(FAMILY, "", 10 * k)
        pdf.multi_cell(col, 5 * k, desk.code, align="C")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + col, top)
    pdf.set_font(FAMILY, "B", 11 * k)
    room = pdf.epw - col - 2
    if pdf.get_string_width(MOTTO) > room:
        # The motto stays on one line: on A5 it is set a little smaller.
        pdf.set_font_size(pdf.font_size_pt * room / pdf.get_string_width(MOTTO))
    pdf.cell(0, 5 * k, MOTTO, align="C", new_x="LEFT", new_y="NEXT")
    pdf.cell(0, 5 * k, MOTTO_2, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "I", 11 * k)
    place = organisation.admin_unit.name if organisation and organisation.admin_unit_id else ""
    pdf.cell(
        0,
        7 * k,
        f"{place + ', ' if place else ''}ngày {today.day:02d} tháng {today.month:02d} "
        f"năm {today.year}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_y(max(left_bottom, pdf.get_y()) + 4 * k)


class _Slip:
    """An A4 or A5 page with the administrative header, the title, the dossier code and its QR
    code."""

    def __init__(self, dossier: Dossier, title: str, today: date, size: str = "a4"):
        self.dossier = dossier
        self.k = k = SIZES[size]
        self.pdf = pdf = _page(f"{title} — {dossier.code}", size=size)
        _header(pdf, dossier.agency, today, k)
        pdf.set_font(FAMILY, "B", 14 * k)
        pdf.multi_cell(0, 7 * k, title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2 * k)
        code_y = pdf.get_y()
        qr = 25 * k
        self.line("Mã hồ sơ: ", dossier.code or "", bold_value=True, width=pdf.epw - qr - 5)
        if dossier.code:
            pdf.image(qr_png(lookup_url(dossier)), x=pdf.w - pdf.r_margin - qr, y=code_y, w=qr)
            pdf.set_y(max(pdf.get_y(), code_y + qr + 1))

    def line(self, label: str, value: str = "", *, bold_value=False, width: float = 0) -> None:
        pdf = self.pdf
        pdf.set_font(FAMILY, "", 12 * self.k)
        pdf.multi_cell(
            width,
            6 * self.k,
            f"{label}**{value}**" if bold_value and value else f"{label}{value}",
            markdown=bold_value,
            new_x="LMARGIN",
            new_y="NEXT",
        )

    def paragraph(self, text: str, *, style: str = "") -> None:
        self.pdf.set_font(FAMILY, style, 12 * self.k)
        self.pdf.multi_cell(0, 6 * self.k, text, new_x="LMARGIN", new_y="NEXT")

    def table(self, headers: list[str], rows: list[list[str]], widths: tuple) -> None:
        pdf = self.pdf
        pdf.set_font(FAMILY, "", 9 * self.k)
        with pdf.table(col_widths=widths, text_align="LEFT") as table:
            row = table.row()
            for text in headers:
                row.cell(text)
            for values in rows:
                row = table.row()
                for text in values:
                    row.cell(text)
        pdf.ln(2)

    def signatures(self, left: str, right: str, name: str = "") -> None:
        pdf, k = self.pdf, self.k
        pdf.ln(6 * k)
        half = pdf.epw / 2
        pdf.set_font(FAMILY, "B", 12 * k)
        pdf.cell(half, 6 * k, left, align="C")
        pdf.cell(half, 6 * k, right, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "I", 11 * k)
        pdf.cell(half, 6 * k, "(Ký, ghi rõ họ tên)" if left else "", align="C")
        pdf.cell(half, 6 * k, "(Ký, ghi rõ họ tên)", align="C", new_x="LMARGIN", new_y="NEXT")
        if name:
            pdf.ln(14 * k)
            pdf.set_font(FAMILY, "", 12 * k)
            pdf.cell(half, 6 * k, "")
            pdf.cell(half, 6 * k, name, align="C", new_x="LMARGIN", new_y="NEXT")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _applicant(slip: _Slip) -> None:
    dossier = slip.dossier
    slip.line("Kính gửi: ", f"{dossier.applicant_name} — {dossier.address}")
    slip.line("Thủ tục: ", f"{dossier.procedure.name} ({dossier.procedure.code})")


def _receipt(slip: _Slip) -> None:
    dossier = slip.dossier
    slip.line("Tiếp nhận hồ sơ của: ", dossier.applicant_name)
    slip.line("Số định danh cá nhân: ", dossier.identity_number)
    phone = dossier.phone + (f" — Email: {dossier.email}" if dossier.email else "")
    slip.line("Địa chỉ: ", dossier.address)
    slip.line("Số điện thoại: ", phone)
    slip.line("Nội dung yêu cầu giải quyết: ", dossier.procedure.name)
    slip.line("Hình thức nộp: ", str(dossier.get_channel_display()))
    documents = list(dossier.procedure.documents.all())
    if documents:
        slip.paragraph("Thành phần hồ sơ:")
        slip.table(
            ["STT", "Tên giấy tờ", "Số lượng"],
            [[str(i), d.name, str(d.copies)] for i, d in enumerate(documents, 1)],
            (12, 140, 23),
        )
    slip.line("Ngày tiếp nhận: ", _d(dossier.received_on or dossier.submitted_at))
    slip.line(
        "Thời gian trả kết quả giải quyết hồ sơ: ",
        f"ngày {_d(dossier.deadline)}",
        bold_value=True,
    )
    slip.paragraph(
        "Tra cứu tình trạng hồ sơ bằng mã hồ sơ và bốn số cuối điện thoại, hoặc quét mã QR.",
        style="I",
    )
    slip.signatures("NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", dossier.handler_name)


def _supplement(slip: _Slip) -> None:
    dossier = slip.dossier
    _applicant(slip)
    slip.paragraph("Sau khi kiểm tra, hồ sơ cần được bổ sung, hoàn thiện các nội dung sau:")
    items = [line.strip() for line in dossier.supplement_items.splitlines() if line.strip()]
    for number, item in enumerate(items, 1):
        slip.paragraph(f"{number}. {item}")
    slip.paragraph(
        "Thời gian giải quyết được tính lại từ ngày nhận đủ hồ sơ bổ sung. "
        "Xin lỗi ông/bà vì sự bất tiện này."
    )
    slip.signatures("", "NGƯỜI HƯỚNG DẪN", dossier.handler_name)


def _refusal(slip: _Slip) -> None:
    dossier = slip.dossier
    _applicant(slip)
    slip.paragraph("Hồ sơ không được tiếp nhận, giải quyết vì lý do sau:")
    slip.paragraph(dossier.refusal_reason, style="B")
    slip.paragraph("Xin thông báo để ông/bà biết và thực hiện.")
    slip.signatures("", "NGƯỜI TIẾP NHẬN HỒ SƠ", dossier.handler_name)


def _apology(slip: _Slip) -> None:
    dossier = slip.dossier
    _applicant(slip)
    slip.paragraph(
        f"Ngày {_d(dossier.received_on)}, {dossier.agency.name} tiếp nhận hồ sơ của ông/bà, "
        f"hẹn trả kết quả ngày {_d(dossier.due_date)}."
    )
    slip.paragraph("Hồ sơ chưa giải quyết đúng hạn vì lý do:")
    slip.paragraph(dossier.apology_reason, style="B")
    slip.paragraph(
        "Chúng tôi xin lỗi ông/bà vì sự chậm trễ này và hẹn lại ngày trả kết quả: "
        f"ngày {_d(dossier.apology_due_date)}."
    )
    slip.signatures("", "THỦ TRƯỞNG CƠ QUAN")


def _control(slip: _Slip) -> None:
    dossier = slip.dossier
    slip.line("Thủ tục: ", dossier.procedure.name)
    slip.line("Người nộp: ", dossier.applicant_name)
    slip.line(
        "Ngày tiếp nhận: ",
        f"{_d(dossier.received_on)} — Hẹn trả kết quả: {_d(dossier.deadline)}",
    )
    rows = []
    for row in control_rows(dossier):
        event = row["event"]
        what = str(event.get_kind_display()) + (f": {event.step.name}" if event.step else "")
        who = event.actor_name + (f" ({event.organisation})" if event.organisation else "")
        rows.append([what, _dt(event.at), who, _d(row["due"]), str(row["outcome"]), event.note])
    slip.table(
        ["Bàn giao", "Thời gian", "Người xử lý", "Hạn", "Kết quả", "Ghi chú"],
        rows,
        (34, 26, 34, 24, 20, 37),
    )
    slip.paragraph("Các bước giải quyết:", style="B")
    for step in dossier.procedure.steps.select_related("organisation"):
        where = " ".join(filter(None, [str(step.organisation or ""), step.role]))
        slip.paragraph(f"{step.order}. {step.name} — {where} ({step.share} %)")


BUILDERS: dict[str, Callable[[_Slip], None]] = {
    "receipt": _receipt,
    "supplement": _supplement,
    "refusal": _refusal,
    "apology": _apology,
    "control": _control,
}


def slip_pdf(
    dossier: Dossier, document: str, *, today: date | None = None, size: str = "a4"
) -> bytes:
    """The slip ``document`` (a key of ``TITLES``) of ``dossier`` as a PDF file, on A4 or A5."""
    if not pdf_available():
        raise RuntimeError("the Liberation fonts are not installed")
    slip = _Slip(dossier, TITLES[document], today or timezone.localdate(), size)
    BUILDERS[document](slip)
    return slip.output()


REGISTER_TITLE = "SỔ THEO DÕI HỒ SƠ"


def register_pdf(dossiers, *, start: date, end: date, organisation=None, today=None) -> bytes:
    """The tracking register (Mẫu 06) of the dossiers received from ``start`` to ``end``, A4
    landscape, one row per dossier."""
    if not pdf_available():
        raise RuntimeError("the Liberation fonts are not installed")
    pdf = _page(f"{REGISTER_TITLE} {_d(start)}–{_d(end)}", orientation="L")
    _header(pdf, organisation, today or timezone.localdate())
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 7, REGISTER_TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "I", 12)
    pdf.cell(
        0, 7, f"Từ ngày {_d(start)} đến ngày {_d(end)}", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 9)
    headers = [
        "STT",
        "Mã hồ sơ",
        "Thủ tục",
        "Người nộp",
        "Ngày nhận",
        "Hẹn trả",
        "Có kết quả",
        "Tình trạng",
    ]
    with pdf.table(col_widths=(10, 52, 60, 36, 23, 23, 23, 35), text_align="LEFT") as table:
        row = table.row()
        for text in headers:
            row.cell(text)
        for number, dossier in enumerate(dossiers, 1):
            row = table.row()
            for text in (
                str(number),
                dossier.code or "",
                dossier.procedure.name,
                dossier.applicant_name,
                _d(dossier.received_on),
                _d(dossier.deadline),
                _d(dossier.finished_on),
                str(dossier.get_status_display()),
            ):
                row.cell(text)
    return bytes(pdf.output())


def slip_filename(dossier: Dossier, document: str) -> str:
    names = {
        "receipt": "giay-tiep-nhan",
        "supplement": "phieu-yeu-cau-bo-sung",
        "refusal": "phieu-tu-choi",
        "apology": "phieu-xin-loi",
        "control": "phieu-kiem-soat",
    }
    return f"{names[document]}-{dossier.code or dossier.pk}.pdf"
