"""The report on the implementation of tasks: asked for on a screen, written by the worker as
a Word document in the format of Decree 30/2020, its table read back."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from congso.core.decree30 import MOTTO, MOTTO_2, place_and_date
from congso.workplan import services
from congso.workplan.models import ImplementationReport
from congso.workplan.tasks import write_implementation_report

from .factories import make_task

pytestmark = pytest.mark.django_db


def _tasks(wp):
    make_task(wp["doluong"], wp["department"], title="Trễ")
    make_task(wp["doluong"], wp["department"], title="Xong", done_on=date(2014, 6, 1))
    make_task(wp["yenthanh"], wp["department"], title="Muộn", done_on=date(2014, 7, 5))


def test_the_worker_writes_the_report_with_the_four_buckets_per_organisation(
    wp, django_capture_on_commit_callbacks
):
    _tasks(wp)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.implementation_report_request(
            user=wp["so"], day=date(2014, 7, 10), number="12"
        )
    assert len(callbacks) == 1  # the worker is asked once the request is committed
    assert report.status == ImplementationReport.Status.PENDING
    assert write_implementation_report.call(report.pk) == ImplementationReport.Status.DONE
    report.refresh_from_db()
    document = Document(io.BytesIO(report.docx.open("rb").read()))
    head = document.tables[0]
    assert head.cell(0, 1).text == MOTTO and head.cell(1, 1).text == MOTTO_2
    assert head.cell(2, 0).text.startswith("Số: 12/")
    assert "ngày" in head.cell(2, 1).text and "tháng" in head.cell(2, 1).text
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert any(t.startswith("Tình hình thực hiện nhiệm vụ") and "10/07/2014" in t for t in texts)
    table = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert table[0][2:6] == [
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Chưa hoàn thành, trong hạn",
        "Chưa hoàn thành, quá hạn",
    ]
    by_name = {row[1]: row[2:] for row in table[1:]}
    assert by_name[wp["doluong"].name] == ["1", "0", "0", "1", "2"]
    assert by_name[wp["yenthanh"].name] == ["0", "1", "0", "0", "1"]
    assert by_name["Tổng cộng"] == ["1", "1", "0", "1", "3"]
    assert document.tables[2].cell(0, 0).text == "Nơi nhận:"


def test_a_district_cannot_report_for_another(wp):
    with pytest.raises(PermissionDenied):
        services.implementation_report_request(user=wp["doluong_user"], organisation=wp["yenthanh"])
    assert not ImplementationReport.objects.exists()


def test_the_screen_asks_for_the_report_and_downloads_it_when_ready(
    client, wp, django_capture_on_commit_callbacks
):
    _tasks(wp)
    client.force_login(wp["doluong_user"])
    url = reverse("workplan_reports")
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, {"day": "2014-07-10", "number": "3"})
    assert response.status_code == 302
    report = ImplementationReport.objects.get()
    assert report.organisation == wp["doluong"]
    download = reverse("workplan_report_download", args=[report.pk])
    assert client.get(download).status_code == 404  # not written yet
    write_implementation_report.call(report.pk)
    assert b"Download" in client.get(url).content or "Tải" in client.get(url).text
    response = client.get(download)
    assert response.status_code == 200
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert document.tables[1].rows[1].cells[1].text == wp["doluong"].name
    client.force_login(wp["yenthanh_user"])
    assert client.get(download).status_code == 404  # someone else's report
    assert client.post(url, {"day": "abc"}).status_code == 200  # bad date: the form says so
    assert ImplementationReport.objects.count() == 1


def test_the_place_and_date_line_follows_decree_30():
    assert place_and_date("Nghệ An", date(2014, 3, 27)) == "Nghệ An, ngày 27 tháng 3 năm 2014"
    assert place_and_date("Nghệ An", date(2014, 2, 5)) == "Nghệ An, ngày 05 tháng 02 năm 2014"
    assert place_and_date("Nghệ An", date(2014, 11, 30)) == "Nghệ An, ngày 30 tháng 11 năm 2014"


def test_the_written_report_numbers_its_pages_in_the_footer(wp):
    _tasks(wp)
    report = services.implementation_report_request(user=wp["so"], day=date(2014, 7, 10))
    assert write_implementation_report.call(report.pk) == ImplementationReport.Status.DONE
    report.refresh_from_db()
    document = Document(io.BytesIO(report.docx.open("rb").read()))
    parts = []
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                parts.append(part._element.xml)
    fields = " ".join(parts)
    assert 'w:fldCharType="begin"' in fields and 'w:fldCharType="end"' in fields
    instructions = [
        element.text.strip()
        for section in document.sections
        for element in section.footer._element.iter(qn("w:instrText"))
    ]
    assert "PAGE" in instructions
