"""The slips as PDF files: each opens, reads back with its Vietnamese wording, the dossier code
and its dates, carries the QR code of the lookup address, and is served only to those who may
print the slip."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from pypdf import PdfReader

from congso.core.pdf import pdf_available
from congso.onestop import services
from congso.onestop.models import Dossier
from congso.onestop.slips import slip_pdf

from .conftest import APPLICANT, pdf

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not pdf_available(), reason="the Liberation fonts are not installed"),
]


def online(procedure):
    draft = services.dossier_draft_save(
        user=AnonymousUser(),
        procedure=procedure,
        data=APPLICANT,
        uploads={d.pk: pdf() for d in procedure.documents.all()},
    )
    return services.dossier_submit(user=AnonymousUser(), dossier=draft)


def read(content: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def images(reader: PdfReader) -> int:
    return sum(len(page.images) for page in reader.pages)


def test_each_slip_downloads_as_a_pdf_with_its_vietnamese_text_code_dates_and_qr(client, onestop):
    user = onestop["department_user"]
    dossier = online(onestop["procedure"])
    dossier = services.dossier_accept(user=user, dossier=dossier)
    services.dossier_request_supplement(user=user, dossier=dossier, items="Bản sao CCCD\nẢnh 4x6")
    dossier = services.dossier_supplement_received(user=user, dossier=dossier)
    services.dossier_apologise(
        user=user, dossier=dossier, new_due=date(2099, 1, 5), reason="Cần xác minh thực địa"
    )
    dossier.refresh_from_db()
    client.force_login(user)
    page = client.get(reverse("onestop_dossiers:inspect", args=[dossier.pk]))
    expected = {
        "receipt": [
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "Nguyễn Văn An",
            "Giấy tờ 1",
            f"{dossier.received_on:%d/%m/%Y}",
        ],
        "supplement": ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "1. Bản sao CCCD", "2. Ảnh 4x6"],
        "apology": [
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
            "Cần xác minh thực địa",
            "05/01/2099",
        ],
        "control": ["PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Bước 1"],
    }
    for document, phrases in expected.items():
        url = reverse("onestop_dossier_pdf", args=[dossier.pk, document])
        assert url in page.text, document
        response = client.get(url)
        assert response.status_code == 200, document
        assert response["Content-Type"] == "application/pdf"
        assert dossier.code in response["Content-Disposition"]
        text, reader = read(response.content)
        for phrase in [dossier.code, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", *phrases]:
            assert phrase in text, (document, phrase)
        assert images(reader) == 1, document  # the QR code


def test_the_qr_code_on_the_slip_is_the_lookup_address(onestop):
    import segno  # noqa: F401 — the QR code is made with it; decoding needs no library here

    from congso.onestop.printing import lookup_url
    from congso.onestop.slips import qr_png

    dossier = online(onestop["procedure"])
    png = qr_png(lookup_url(dossier)).getvalue()
    _text, reader = read(slip_pdf(dossier, "receipt"))
    (image,) = reader.pages[0].images
    from PIL import Image

    embedded = Image.open(io.BytesIO(image.data)).convert("1")
    made = Image.open(io.BytesIO(png)).convert("1")
    assert embedded.size == made.size
    assert embedded.tobytes() == made.tobytes()


def test_the_refusal_slip_gives_the_reason(client, onestop):
    user = onestop["department_user"]
    dossier = services.dossier_refuse(
        user=user, dossier=online(onestop["procedure"]), reason="Không thuộc thẩm quyền"
    )
    client.force_login(user)
    response = client.get(reverse("onestop_dossier_pdf", args=[dossier.pk, "refusal"]))
    text, _reader = read(response.content)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Không thuộc thẩm quyền" in text


def test_the_receipt_and_the_refusal_slip_download_on_a5_too(client, onestop):
    user = onestop["department_user"]
    accepted = services.dossier_accept(user=user, dossier=online(onestop["procedure"]))
    refused = services.dossier_refuse(
        user=user, dossier=online(onestop["procedure"]), reason="Không thuộc thẩm quyền"
    )
    client.force_login(user)
    page = client.get(reverse("onestop_dossiers:inspect", args=[accepted.pk])).text
    url = reverse("onestop_dossier_pdf", args=[accepted.pk, "receipt"])
    assert f"{url}?size=a5" in page
    for dossier, document, phrases in (
        (accepted, "receipt", ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Giấy tờ 2"]),
        (refused, "refusal", ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "thẩm quyền"]),
    ):
        url = reverse("onestop_dossier_pdf", args=[dossier.pk, document])
        text, reader = read(client.get(url, {"size": "a5"}).content)
        # A5 is 148 × 210 mm: 419,5 × 595,3 points.
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (420, 595), document
        for phrase in [dossier.code, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", *phrases]:
            assert phrase in text, (document, phrase)
        assert images(reader) == 1
        a4 = read(client.get(url).content)[1].pages[0].mediabox
        assert round(float(a4.width)) == 595


def test_a_slip_that_does_not_apply_to_the_dossier_is_not_found(client, onestop):
    dossier = online(onestop["procedure"])
    client.force_login(onestop["department_user"])
    for document in ("refusal", "apology", "nonsense"):
        url = reverse("onestop_dossier_pdf", args=[dossier.pk, document])
        assert client.get(url).status_code == 404, document


def test_another_communes_clerk_cannot_download_the_slip(client, onestop):
    a, b = onestop["xa_a"], onestop["xa_b"]
    dossier = services.dossier_record(
        user=a["user"], procedure=a["procedure"], data=APPLICANT, channel=Dossier.Channel.DESK
    )
    url = reverse("onestop_dossier_pdf", args=[dossier.pk, "receipt"])
    client.force_login(b["user"])
    assert client.get(url).status_code == 404
    client.force_login(a["user"])
    response = client.get(url)
    assert response.status_code == 200
    text, _reader = read(response.content)
    assert dossier.code in text and "UBND XÃ" in text


def test_the_tracking_register_downloads_as_a_pdf_of_the_units_dossiers(client, onestop):
    a, b = onestop["xa_a"], onestop["xa_b"]
    own = services.dossier_record(
        user=a["user"], procedure=a["procedure"], data=APPLICANT, channel=Dossier.Channel.DESK
    )
    other = services.dossier_record(
        user=b["user"], procedure=b["procedure"], data=APPLICANT, channel=Dossier.Channel.DESK
    )
    client.force_login(a["user"])
    day = f"{own.received_on:%d/%m/%Y}"
    page = client.get(reverse("onestop_register"), {"from": day, "to": day})
    assert "format=pdf" in page.text
    response = client.get(reverse("onestop_register"), {"from": day, "to": day, "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, reader = read(response.content)
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert f"Từ ngày {day} đến ngày {day}" in text
    assert own.code in text and other.code not in text
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
