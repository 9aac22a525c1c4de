"""The work programme's REST API: a district's system sees its own tasks and those it assigned,
never another district's; the status on any day; progress reported through the same service as
the screen, with bad input answered in Vietnamese and nothing saved."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congso.core.actors import SYSTEM
from congso.core.api_tokens import issue_token
from congso.workplan.models import ProgressReport

from .factories import make_task

pytestmark = pytest.mark.django_db
BASE = "/api/v1/workplan"


@pytest.fixture
def tasks(wp):
    return {
        "doluong": make_task(
            wp["doluong"],
            wp["department"],
            title="Lập ban chỉ đạo CNTT",
            deadline=date(2014, 6, 30),
        ),
        "yenthanh": make_task(
            wp["yenthanh"], wp["department"], title="Cử người phát ngôn", deadline=date(2014, 4, 30)
        ),
    }


def bearer(wp, who: str) -> dict:
    secret = issue_token(user=SYSTEM, name=f"Hệ thống {who}", account=wp[who])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_districts_token_lists_only_its_own_tasks_with_their_status_on_a_day(client, wp, tasks):
    response = client.get(f"{BASE}/tasks", {"day": "2014-05-15"}, **bearer(wp, "doluong_user"))
    assert response.status_code == 200
    assert [(t["title"], t["status"]) for t in response.json()] == [
        ("Lập ban chỉ đạo CNTT", "open_in_time")
    ]
    department = client.get(f"{BASE}/tasks", {"day": "2014-05-15"}, **bearer(wp, "so")).json()
    assert {t["title"]: t["status"] for t in department} == {
        "Lập ban chỉ đạo CNTT": "open_in_time",
        "Cử người phát ngôn": "open_overdue",
    }
    overdue = client.get(
        f"{BASE}/tasks", {"day": "2014-05-15", "status": "open_overdue"}, **bearer(wp, "so")
    )
    assert [t["title"] for t in overdue.json()] == ["Cử người phát ngôn"]


def test_another_districts_task_is_not_found_and_cannot_be_reported_on(client, wp, tasks):
    headers = bearer(wp, "doluong_user")
    other = tasks["yenthanh"].pk
    assert client.get(f"{BASE}/tasks/{other}", **headers).status_code == 404
    posted = client.post(
        f"{BASE}/tasks/{other}/progress",
        {"percent": 50, "text": "Không phải việc của huyện"},
        content_type="application/json",
        **headers,
    )
    assert posted.status_code == 404
    assert not ProgressReport.objects.exists()


def test_the_lead_reports_progress_and_reads_it_back(client, wp, tasks):
    headers = bearer(wp, "doluong_user")
    task = tasks["doluong"]
    posted = client.post(
        f"{BASE}/tasks/{task.pk}/progress",
        {"percent": 60, "text": "Đã có quyết định thành lập ban chỉ đạo."},
        content_type="application/json",
        **headers,
    )
    assert posted.status_code == 201
    detail = client.get(f"{BASE}/tasks/{task.pk}", **headers).json()
    assert detail["progress"] == 60
    assert detail["reports"][0]["text"] == "Đã có quyết định thành lập ban chỉ đạo."


def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, wp, tasks):
    headers = bearer(wp, "doluong_user")
    url = f"{BASE}/tasks/{tasks['doluong'].pk}/progress"
    too_much = client.post(
        url, {"percent": 150, "text": "x"}, content_type="application/json", **headers
    )
    assert too_much.status_code == 422
    unknown = client.get(f"{BASE}/tasks", {"status": "lost"}, **headers)
    assert unknown.status_code == 400 and "lost" in unknown.json()["detail"]
    assert client.get(f"{BASE}/tasks").status_code == 401
    assert not ProgressReport.objects.exists()


def test_the_list_costs_the_same_queries_with_2_and_22_tasks(client, wp, tasks):
    headers = bearer(wp, "so")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{BASE}/tasks", **headers).status_code == 200
        return len(queries)

    count()  # the token's first use of the day is noted
    few = count()
    for number in range(20):
        make_task(wp["doluong"], wp["department"], title=f"Nhiệm vụ {number}")
    assert count() == few


def test_the_api_is_described_in_openapi(client, wp):
    description = client.get(f"{BASE}/openapi.json", **bearer(wp, "so"))
    assert description.status_code == 200
    assert "/api/v1/workplan/tasks/{task_id}/progress" in description.json()["paths"]
