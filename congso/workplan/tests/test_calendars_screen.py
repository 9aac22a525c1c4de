"""*Lịch nhiệm vụ*: a user makes a private calendar address of their organisation's or a
person's deadlines, reads the feed through it, and revokes it; no one widens their reach."""

from datetime import date

import pytest
from django.urls import reverse

from congso.directory.models import Person
from congso.workplan.models import CalendarToken

from .factories import make_task

pytestmark = pytest.mark.django_db


def test_a_district_makes_an_address_reads_its_deadlines_then_revokes_it(client, wp):
    make_task(wp["doluong"], wp["department"], title="Lập ban chỉ đạo", deadline=date(2014, 6, 30))
    client.force_login(wp["doluong_user"])
    url = reverse("workplan_calendars")
    assert client.get(url).status_code == 200
    assert client.post(url, {"organisation": wp["doluong"].pk}).status_code == 302
    token = CalendarToken.objects.get()
    page = client.get(url).content.decode()
    feed_url = reverse("workplan_calendar", args=[token.token])
    assert feed_url in page
    feed = client.get(feed_url)
    assert feed.status_code == 200 and "Lập ban chỉ đạo" in feed.content.decode()

    assert client.post(url, {"revoke": token.pk}).status_code == 302
    assert client.get(feed_url).status_code == 404
    assert feed_url not in client.get(url).content.decode()


def test_another_districts_organisation_or_nothing_chosen_is_refused_and_nothing_made(client, wp):
    client.force_login(wp["doluong_user"])
    url = reverse("workplan_calendars")
    for data in ({"organisation": wp["yenthanh"].pk}, {}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors
    other = Person.objects.filter(organisation=wp["yenthanh"]).first()
    if other is not None:
        assert client.post(url, {"person": other.pk}).status_code == 200
    assert not CalendarToken.objects.exists()


def test_someone_elses_address_cannot_be_revoked_from_here(client, wp):
    client.force_login(wp["yenthanh_user"])
    client.post(reverse("workplan_calendars"), {"organisation": wp["yenthanh"].pk})
    token = CalendarToken.objects.get()
    client.force_login(wp["doluong_user"])
    response = client.post(reverse("workplan_calendars"), {"revoke": token.pk})
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
