"""The private iCalendar feed of deadlines: readable by calendar programs, revocable."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from congso.workplan.services import calendar_token_create, calendar_token_revoke

from .factories import make_task

pytestmark = pytest.mark.django_db


def _unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_the_feed_lists_the_organisations_deadlines_and_stops_when_revoked(client, wp):
    make_task(
        wp["doluong"],
        wp["department"],
        title="Báo cáo, đề án; năm 2014",
        deadline=date(2014, 10, 30),
    )
    make_task(wp["yenthanh"], wp["department"], title="Việc của Yên Thành")
    token = calendar_token_create(user=wp["doluong_user"], organisation=wp["doluong"])
    url = reverse("workplan_calendar", args=[token.token])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = _unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "DTSTART;VALUE=DATE:20141030" in lines
    assert "SUMMARY:Báo cáo\\, đề án\\; năm 2014" in lines
    assert "Yên Thành" not in body.split("X-WR-CALNAME")[1].split("\r\n", 1)[1]
    calendar_token_revoke(user=wp["doluong_user"], token=token)
    assert client.get(url).status_code == 404
    assert client.get(reverse("workplan_calendar", args=["guess"])).status_code == 404


def test_a_district_cannot_subscribe_to_another_districts_deadlines(wp):
    with pytest.raises(PermissionDenied):
        calendar_token_create(user=wp["doluong_user"], organisation=wp["yenthanh"])
