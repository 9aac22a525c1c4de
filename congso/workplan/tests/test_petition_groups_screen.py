"""*Gộp kiến nghị*: the answering side groups petitions on one topic from several districts;
one answer then answers them all. Bad choices are refused with a message and change nothing."""

from datetime import date

import pytest
from django.urls import reverse

from congso.workplan import services
from congso.workplan.models import Petition, PetitionGroup

pytestmark = pytest.mark.django_db


def petition(wp, unit, user, content, answering=None):
    return services.petition_record(
        user=user,
        data={
            "raised_by": unit,
            "source": Petition.Source.DOCUMENT,
            "source_detail": "Công văn",
            "sector": "telecom",
            "content": content,
            "answering_organisation": answering or wp["department"],
        },
    )


def test_the_department_groups_two_districts_petitions_and_answers_them_once(client, wp):
    first = petition(wp, wp["doluong"], wp["doluong_user"], "Sóng yếu ở Đô Lương")
    second = petition(wp, wp["yenthanh"], wp["yenthanh_user"], "Sóng yếu ở Yên Thành")
    client.force_login(wp["so"])
    url = reverse("workplan_petition_groups")
    page = client.get(url)
    assert page.status_code == 200
    assert set(page.context["form"].fields["petitions"].queryset) == {first, second}
    listing = client.get(reverse("workplan_petitions:index")).content.decode()
    assert url in listing

    response = client.post(url, {"petitions": [first.pk, second.pk], "topic": "Sóng di động"})
    assert response.status_code == 302
    group = PetitionGroup.objects.get()
    assert set(group.petitions.all()) == {first, second}
    services.petition_answer(
        user=wp["so"], petition=first, text="Lắp thêm trạm", answer_date=date(2014, 3, 26)
    )
    second.refresh_from_db()
    assert second.status == Petition.Status.ANSWERED
    assert "Sóng di động" in client.get(url).content.decode()


def test_one_petition_or_no_topic_is_refused_and_nothing_grouped(client, wp):
    first = petition(wp, wp["doluong"], wp["doluong_user"], "Một")
    second = petition(wp, wp["yenthanh"], wp["yenthanh_user"], "Hai")
    client.force_login(wp["so"])
    url = reverse("workplan_petition_groups")
    for data in (
        {"petitions": [first.pk], "topic": "Chủ đề"},
        {"petitions": [first.pk, second.pk], "topic": ""},
    ):
        response = client.post(url, data)
        assert response.status_code == 200 and response.context["form"].errors
    assert not PetitionGroup.objects.exists()


def test_a_district_cannot_group_petitions_another_organisation_answers(client, wp):
    first = petition(wp, wp["doluong"], wp["doluong_user"], "Một")
    second = petition(wp, wp["doluong"], wp["doluong_user"], "Hai")
    client.force_login(wp["doluong_user"])
    url = reverse("workplan_petition_groups")
    response = client.get(url)
    if response.status_code == 200:
        assert not response.context["form"].fields["petitions"].queryset.exists()
        posted = client.post(url, {"petitions": [first.pk, second.pk], "topic": "Chủ đề"})
        assert posted.status_code == 200
    assert not PetitionGroup.objects.exists()
