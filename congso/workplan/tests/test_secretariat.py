"""The secretariat records a conference, its conclusion and the tasks read out, in one go."""

import pytest
from django.urls import reverse

from congso.workplan.models import Conclusion, Conference, Notification, Task

pytestmark = pytest.mark.django_db


def _post(client, wp, **extra):
    data = {
        "title": "Giao ban trực tuyến quý II/2014",
        "kind": "online",
        "starts_at": "2014-06-26T08:00",
        "bridge_points": [wp["doluong"].pk, wp["yenthanh"].pk],
        "number": "60/TB-STTTT",
        "issued_on": "2014-06-27",
        "task_0_title": "Báo cáo kết quả một cửa",
        "task_0_lead": wp["doluong"].pk,
        "task_0_deadline": "2030-09-30",
        **extra,
    }
    return client.post(reverse("workplan_secretariat"), data)


def test_a_conference_its_conclusion_and_tasks_in_one_save(client, wp):
    client.force_login(wp["so"])
    assert client.get(reverse("workplan_secretariat")).status_code == 200
    response = _post(client, wp, task_1_title="Rà soát BTS", task_1_lead=wp["yenthanh"].pk)
    assert response.status_code == 302, response.context["form"].errors
    conference = Conference.objects.get()
    assert conference.bridge_points.count() == 2
    conclusion = Conclusion.objects.get()
    assert conclusion.conference == conference
    assert set(Task.objects.values_list("lead_organisation", "conclusion")) == {
        (wp["doluong"].pk, conclusion.pk),
        (wp["yenthanh"].pk, conclusion.pk),
    }
    assert Notification.objects.filter(recipient=wp["doluong_user"]).count() == 1


def test_a_task_without_a_lead_saves_nothing(client, wp):
    client.force_login(wp["so"])
    response = _post(client, wp, task_1_title="Thiếu đơn vị")
    assert response.status_code == 200
    assert not Conference.objects.exists() and not Task.objects.exists()


def test_a_district_may_not_record_a_conference(client, wp):
    client.force_login(wp["doluong_user"])
    _post(client, wp)
    assert not Conference.objects.exists()
