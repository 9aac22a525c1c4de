"""The back office of tasks: the list with constant queries, the task page's actions."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congso.workplan.models import Task

from .factories import make_task

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_task_list_takes_the_same_queries_for_3_rows_as_for_30(client, wp):
    client.force_login(wp["so"])
    url = reverse("workplan_tasks:index")
    for n in range(3):
        make_task(wp["doluong"], wp["department"], title=f"Nhiệm vụ {n}")
    few = _queries(client, url)
    for n in range(27):
        make_task(wp["yenthanh"], wp["department"], title=f"Việc {n}", done_on=date(2014, 5, 1))
    assert _queries(client, url) == few


def test_the_task_list_shows_the_status_and_exports_it(client, wp):
    client.force_login(wp["doluong_user"])
    make_task(wp["doluong"], wp["department"], title="Lập Ban chỉ đạo", deadline=date(2014, 6, 30))
    make_task(wp["yenthanh"], wp["department"], title="Việc của Yên Thành")
    response = client.get(reverse("workplan_tasks:index"))
    assert "Lập Ban chỉ đạo" in response.content.decode()
    assert "Việc của Yên Thành" not in response.content.decode()
    export = client.get(reverse("workplan_tasks:index") + "?export=xlsx")
    assert export.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.values)
    assert rows[1][0] == "Lập Ban chỉ đạo"
    assert len(rows) == 2


def test_the_district_reports_progress_and_marks_done_the_department_confirms(client, wp):
    task = make_task(wp["doluong"], wp["department"], assigned_on=date.today(), deadline=None)
    url = reverse("workplan_task", args=[task.pk])
    client.force_login(wp["doluong_user"])
    page = client.get(url).content.decode()
    assert 'value="progress"' in page and 'value="confirm"' not in page
    response = client.post(
        url, {"action": "progress", "progress-percent": "50", "progress-text": "Đã họp"}
    )
    assert response.status_code == 302
    response = client.post(
        url, {"action": "progress", "progress-percent": "150", "progress-text": "x"}
    )
    assert response.status_code == 200
    assert client.post(url, {"action": "done"}).status_code == 302
    # The district cannot confirm its own completion: the request is refused, nothing changes.
    client.post(url, {"action": "confirm", "confirm-accept": "1"})
    task.refresh_from_db()
    assert (task.progress, task.done_on, task.confirmed_on) == (100, date.today(), None)
    client.force_login(wp["so"])
    assert client.post(url, {"action": "confirm", "confirm-accept": "1"}).status_code == 302
    task.refresh_from_db()
    assert task.confirmed_on == date.today()


def test_another_district_cannot_open_the_task_page(client, wp):
    task = make_task(wp["doluong"], wp["department"])
    client.force_login(wp["yenthanh_user"])
    assert client.get(reverse("workplan_task", args=[task.pk])).status_code == 404
    assert Task.objects.get(pk=task.pk).progress == 0


def test_the_assignee_reads_the_notice_on_the_dashboard(client, wp):
    from congso.workplan.services import task_assign

    task_assign(
        user=wp["so"],
        data={
            "title": "Báo cáo quý",
            "source": Task.Source.DOCUMENT,
            "source_document": "KH 12",
            "lead_organisation": wp["doluong"],
        },
    )
    client.force_login(wp["doluong_user"])
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Báo cáo quý" in page
    client.force_login(wp["yenthanh_user"])
    assert "Báo cáo quý" not in client.get(reverse("wagtailadmin_home")).content.decode()
