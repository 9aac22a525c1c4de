"""The pivot's screens and exports, the dashboard's sentence, the report document, the
open-data downloads."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from congso.core.actors import SYSTEM
from congso.directory.models import Person
from congso.stats import analytics, dashboard, periods, report, services
from congso.stats.models import Target
from congso.stats.models_analytics import ReportRequest
from congso.testing.factories import PersonFactory

from .test_analytics import stored


@pytest.fixture
def article(world):
    """The department's Q1/2014 figures: 971,8 billion đồng of revenue against a target of
    3.140; phone and internet subscribers with their densities as reported."""
    world.revenue.name = "Doanh thu Bưu chính, Viễn thông và CNTT"
    world.revenue.save()
    internet = services.element_save(
        user=SYSTEM,
        data={
            "code": "INTERNET_SUBS",
            "name": "Thuê bao internet",
            "unit_of_measure": "thuê bao",
            "value_type": "integer",
            "time_aggregation": "last",
            "unit_aggregation": "sum",
        },
    )
    internet_density = services.element_save(
        user=SYSTEM,
        data={
            "code": "INTERNET_DENSITY",
            "name": "Mật độ thuê bao internet",
            "unit_of_measure": "thuê bao/100 dân",
            "time_aggregation": "last",
            "unit_aggregation": "sum",
        },
    )
    world.data_set.elements.add(internet, internet_density)
    mobile = world.phone.options.get(code="MOBILE")
    fixed = world.phone.options.get(code="FIXED")
    stored(world, world.revenue, world.province, world.vnpt, "2013Q1", "900")
    stored(world, world.revenue, world.province, world.vnpt, "2014Q1", "971.8")
    stored(world, world.subscribers, world.province, world.vnpt, "2014Q1", "2900000", mobile)
    stored(world, world.subscribers, world.province, world.vnpt, "2014Q1", "152148", fixed)
    stored(world, world.density, world.province, world.vnpt, "2014Q1", "104.13")
    stored(world, internet, world.province, world.vnpt, "2014Q1", "239700")
    stored(world, internet_density, world.province, world.vnpt, "2014Q1", "8.18")
    Target.objects.create(element=world.revenue, year=2014, unit=world.province, value=3140)
    analytics.rebuild(date(2014, 12, 31))
    return world


def _nobody():
    from congso.testing.users import UserFactory

    return UserFactory(username="khach")


SENTENCE = (
    "Tổng doanh thu Bưu chính, Viễn thông và CNTT quý I năm 2014 ước thực hiện được "
    "971,8 tỷ đồng, đạt 30,95% kế hoạch; tổng số thuê bao điện thoại đạt 3.052.148 thuê bao, "
    "mật độ 104,13 thuê bao/100 dân; tổng số thuê bao internet đạt 239.700 thuê bao, "
    "mật độ 8,18 thuê bao/100 dân."
)


def test_the_dashboard_writes_the_report_sentence_from_the_data(article):
    board = dashboard.build(SYSTEM, periods.parse("2014Q1"))
    assert board.area == article.province
    assert board.sentence == SENTENCE
    assert round(board.figures["revenue"].growth_last_year, 2) == Decimal("7.98")
    assert board.figures["revenue"].chart.startswith("<svg")


def test_the_report_document_has_the_motto_the_number_and_a_table(article):
    board = dashboard.build(SYSTEM, periods.parse("2014Q1"))
    document = Document(io.BytesIO(report.write_docx(board, number="25", today=date(2014, 4, 5))))
    head = document.tables[0]
    texts = [cell.text for row in head.rows for cell in row.cells]
    assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Độc lập - Tự do - Hạnh phúc" in texts
    assert "Số: 25/BC-STTTT" in texts
    assert "Nghệ An, ngày 05 tháng 4 năm 2014" in texts
    figures = document.tables[1]
    assert figures.rows[0].cells[0].text == "Chỉ tiêu"
    assert figures.rows[1].cells[2].text == "971,8"
    assert any(SENTENCE in p.text for p in document.paragraphs)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert "PAGE" in document.sections[0].footer._element.xml


def _texts(table) -> list[str]:
    return [cell.text for row in table.rows for cell in row.cells]


def test_the_report_symbol_is_the_issuing_organisations_abbreviation(article):
    department = article.department
    department.name = "Sở Khoa học và Công nghệ Nghệ An"
    department.short_name = "Sở KH&CN"
    department.save()
    board = dashboard.build(SYSTEM, periods.parse("2014Q1"))
    document = Document(io.BytesIO(report.write_docx(board, number="12", today=date(2025, 7, 5))))
    texts = _texts(document.tables[0])
    assert "Số: 12/BC-SKHCN" in texts
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ NGHỆ AN" in texts
    assert not any("STTTT" in text for text in texts)
    # without a short name, the initials of the name without "và" and the area's name
    department.short_name = ""
    department.save()
    assert report.symbol(department) == "BC-SKHCN"


def test_the_report_is_signed_by_the_chosen_person_with_their_position(article):
    deputy = PersonFactory(
        organisation=article.department,
        full_name="Trần Thị Bình",
        position=Person.Position.DEPUTY_DIRECTOR,
    )
    board = dashboard.build(SYSTEM, periods.parse("2014Q1"))
    document = Document(io.BytesIO(report.write_docx(board, number="25", signer=deputy)))
    signature = _texts(document.tables[-1])
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in signature
    assert any(text.strip() == "Trần Thị Bình" for text in signature)
    unsigned = Document(io.BytesIO(report.write_docx(board, number="25")))
    assert "GIÁM ĐỐC" in _texts(unsigned.tables[-1])
    assert not any("Trần Thị Bình" in text for text in _texts(unsigned.tables[-1]))


def test_the_request_form_offers_the_departments_people_and_the_worker_signs_with_one(
    article, client, django_capture_on_commit_callbacks
):
    from congso.stats.report_tasks import write_report

    director = PersonFactory(
        organisation=article.department, full_name="Lê Văn Giám", position="director"
    )
    outsider = PersonFactory(organisation=article.vnpt, full_name="Người Ngoài")
    client.force_login(article.users["staff"])
    page = client.get(reverse("stats_reports"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{director.pk}">Lê Văn Giám' in html
    assert "Người Ngoài" not in html

    refused = client.post(
        reverse("stats_reports"), {"period": "2014Q1", "number": "7", "signer": outsider.pk}
    )
    assert refused.status_code == 200
    assert not ReportRequest.objects.exists()
    # Vietnamese once the catalogue is merged
    assert "Chọn người ký trong số cán bộ của cơ quan ban hành." in refused.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("stats_reports"), {"period": "2014Q1", "number": "7", "signer": director.pk}
        )
    assert done.status_code == 302
    request = ReportRequest.objects.get()
    assert request.signer == director
    write_report.call(request.pk)
    request.refresh_from_db()
    assert request.status == ReportRequest.Status.DONE, request.error
    document = Document(request.docx.open("rb"))
    signature = _texts(document.tables[-1])
    assert "GIÁM ĐỐC" in signature
    assert any(text.strip() == "Lê Văn Giám" for text in signature)
    assert "Số: 7/BC-STTTT" in _texts(document.tables[0])
    listing = client.get(reverse("stats_reports")).content.decode()
    assert "Lê Văn Giám" in listing


def test_the_worker_writes_the_requested_report(article, django_capture_on_commit_callbacks):
    from congso.stats.report_tasks import write_report
    from congso.stats.services_analysis import report_request_create

    with django_capture_on_commit_callbacks(execute=True):
        request = report_request_create(user=article.users["staff"], period="2014Q1", number="7")
    request.refresh_from_db()
    assert request.status == ReportRequest.Status.PENDING  # the request did not write it
    write_report.call(request.pk)  # the worker does
    request.refresh_from_db()
    assert request.status == ReportRequest.Status.DONE
    assert request.docx.name.endswith(".docx")
    Document(request.docx.open("rb"))
    with pytest.raises(periods.PeriodError):
        report_request_create(user=article.users["staff"], period="2014")
    with pytest.raises(PermissionDenied):
        report_request_create(user=_nobody(), period="2014Q1")
    if report.pdf_available():
        assert request.pdf.open("rb").read(4) == b"%PDF"


def test_the_pivot_screen_shows_approved_values_and_exports_them(article, client):
    client.force_login(article.users["staff"])
    url = reverse("stats_pivot")
    params = "?data=e:REVENUE&pt=quarterly&from=2014Q1&to=2014Q2&level=1&day=2014-12-31"
    response = client.get(url + params)
    assert response.status_code == 200
    assert "971,8" in response.content.decode()
    assert "<script>" not in response.content.decode()
    csv = client.get(url + params + "&format=csv").content.decode("utf-8-sig")
    assert "971,8" in csv and "Quý I/2014" in csv
    book = load_workbook(io.BytesIO(client.get(url + params + "&format=xlsx").content))
    assert book.active.cell(3, 2).value == pytest.approx(971.8)
    by_unit = client.get(
        url + "?data=e:REVENUE&pt=quarterly&from=2014Q1&to=2014Q1&level=3"
        "&day=2014-12-31&rows=unit&cols=period"
    )
    assert by_unit.status_code == 200
    # junk is a message, not a 500
    assert client.get(url + "?from=abc&to=2014Q9&level=x&day=hôm").status_code == 200


def test_the_pivot_screen_shows_an_enterprise_only_its_own(article, client):
    stored(article, article.revenue, article.province, article.viettel, "2014Q1", "28.2")
    analytics.rebuild(date(2014, 12, 31))
    client.force_login(article.users["viettel"])
    params = "?data=e:REVENUE&pt=quarterly&from=2014Q1&to=2014Q1&level=1&day=2014-12-31"
    text = client.get(reverse("stats_pivot") + params).content.decode()
    assert "28,2" in text and "971,8" not in text and "1.000" not in text


def test_open_data_publishes_the_latest_approved_quarter(article, client):
    page = client.get("/du-lieu-mo/thong-ke/").content.decode()
    assert "Quý I/2014" in page and "971,8" in page and "<svg" in page
    data = client.get("/du-lieu-mo/thong-ke/2014Q1.json").json()
    assert data["metadata"]["licence"] == "CC BY 4.0"
    revenue = next(row for row in data["data"] if row["code"] == "REVENUE")
    assert revenue["value"] == "971.8"
    csv = client.get("/du-lieu-mo/thong-ke/2014Q1.csv").content.decode()
    assert csv.splitlines()[0].startswith("code,name,unit_of_measure,period")
    assert "971.8" in csv
    assert client.get("/du-lieu-mo/thong-ke/metadata.json").json()["latest"] == "2014Q1"
    assert client.get("/du-lieu-mo/thong-ke/abc.json").status_code == 404
