"""The department proposes a conference's news, with the petitions answered at it, to its
portal: a draft the editorial board approves like any article."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from congso.workplan import services
from congso.workplan.models import Conference, Petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(wp):
    conference = services.conference_record(
        user=wp["so"],
        data={
            "title": "Hội nghị trực tuyến sơ kết quý I năm 2014",
            "kind": Conference.Kind.ONLINE,
            "starts_at": "2014-03-26T08:00:00+07:00",
            "minutes": "Hội nghị đánh giá kết quả quý I.\n\nCác huyện nêu kiến nghị.",
        },
        bridge_points=[(wp["doluong"], "Hội trường UBND huyện Đô Lương")],
    )
    for unit, content in ((wp["doluong"], "Sóng yếu ở xã Bồi Sơn"), (wp["yenthanh"], "Mở lớp")):
        petition = services.petition_record(
            user=wp["so"],
            data={
                "raised_by": unit,
                "source": Petition.Source.CONFERENCE,
                "conference": conference,
                "sector": "telecom",
                "content": content,
                "answering_organisation": wp["vnpt"],
            },
        )
        if unit == wp["doluong"]:
            services.petition_answer(
                user=wp["so"],
                petition=petition,
                text="VNPT lắp trạm BTS trong quý II.",
                number="45/VNPT",
                answer_date=date(2014, 3, 26),
            )
    return conference


def articles():
    """The portals' draft articles (the work programme reads no portal model)."""
    return Page.objects.filter(content_type__model="articlepage")


@pytest.fixture
def portal(wp):
    call_command("portal_create", str(wp["department"].pk), stdout=StringIO())


def test_the_news_goes_to_the_editorial_board_with_the_answered_petitions(wp, conference, portal):
    page_id = services.conference_propose_news(user=wp["so"], conference=conference)

    article = articles().get(pk=page_id).specific
    assert not article.live
    assert article.get_parent().slug == "tin-tuc-su-kien"
    assert article.current_workflow_state.status == "in_progress"
    assert article.lead.startswith("Ngày 26/03/2014")
    text = " ".join(str(block.value) for block in article.body)
    assert "Sóng yếu ở xã Bồi Sơn" in text and "VNPT lắp trạm BTS trong quý II." in text
    assert "45/VNPT, 26/03/2014" in text
    assert "Mở lớp" not in text  # not answered yet
    conference.refresh_from_db()
    assert conference.news_article_id == page_id
    with pytest.raises(ValidationError):
        services.conference_propose_news(user=wp["so"], conference=conference)


def test_a_district_cannot_send_the_departments_conference_and_nothing_is_created(
    wp, conference, portal
):
    with pytest.raises(PermissionDenied):
        services.conference_propose_news(user=wp["doluong_user"], conference=conference)
    assert not articles().exists()


def test_without_a_portal_the_organiser_is_told_and_nothing_changes(wp, conference):
    with pytest.raises(ValidationError):
        services.conference_propose_news(user=wp["so"], conference=conference)
    conference.refresh_from_db()
    assert conference.news_article_id is None


def test_the_conference_page_shows_the_petitions_and_sends_the_news(client, wp, conference, portal):
    client.force_login(wp["so"])
    url = reverse("workplan_conference", args=[conference.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sóng yếu ở xã Bồi Sơn" in html and "Hội trường UBND huyện Đô Lương" in html
    response = client.post(url, {"with_petitions": ""})
    assert response.status_code == 302
    conference.refresh_from_db()
    article = articles().get(pk=conference.news_article_id).specific
    assert "VNPT" not in " ".join(str(block.value) for block in article.body)
    again = client.get(url).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in again
    # A second post is refused: the news goes once.
    assert client.post(url, {"with_petitions": "on"}).status_code in (302, 403)
    assert articles().count() == 1


def test_another_districts_user_cannot_open_the_conference_page(client, wp, conference):
    client.force_login(wp["yenthanh_user"])
    response = client.get(reverse("workplan_conference", args=[conference.pk]))
    assert response.status_code in (200, 404)
    if response.status_code == 200:  # a participant may read it, never send its news
        assert b'name="with_petitions"' not in response.content
