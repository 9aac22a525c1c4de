import pytest
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse

from ..models import ArticlePage, PageStat
from .factories import make_article

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def rate(client, page, level="satisfied", **extra):
    return client.post("/danh-gia/", {"page": page.pk, "level": level}, HTTP_HOST=HOST, **extra)


def test_every_page_carries_the_rating_form_and_the_view_counter(client, portals):
    article = make_article(portals["department"], title="Tin")
    html = client.get(article.url, HTTP_HOST=HOST).content.decode()
    assert "Bạn có hài lòng với thông tin trên trang này không?" in html
    for label in ("Rất hài lòng", "Hài lòng", "Không hài lòng"):
        assert label in html
    assert f"/luot-xem/{article.pk}/" in html
    assert "<script" not in html  # nothing for the policy to refuse


def test_a_rating_is_counted_once_per_visitor_and_page(client, portals):
    article = make_article(portals["department"], title="Tin")
    first = rate(client, article, "very_satisfied")
    assert first.status_code == 302 and "danh_gia=cam-on" in first["Location"]
    again = rate(client, article, "not_satisfied")
    assert "danh_gia=roi" in again["Location"]
    page = client.get(again["Location"], HTTP_HOST=HOST).content.decode()
    assert "Bạn đã đánh giá trang này rồi" in page
    stat = PageStat.objects.get(page=article)
    assert (stat.very_satisfied, stat.satisfied, stat.not_satisfied) == (1, 0, 0)
    other_visitor = type(client)()
    rate(other_visitor, article, "not_satisfied")
    stat.refresh_from_db()
    assert stat.not_satisfied == 1


def test_nothing_personal_is_stored_with_a_rating(client, portals):
    article = make_article(portals["department"], title="Tin")
    rate(client, article)
    fields = {field.name for field in PageStat._meta.get_fields()}
    assert fields == {
        "id", "page", "site", "day", "views", "very_satisfied", "satisfied", "not_satisfied"
    }  # fmt: skip


def test_a_rating_without_a_level_or_from_another_site_changes_nothing(client, portals):
    article = make_article(portals["department"], title="Tin")
    assert "danh_gia=chon" in rate(client, article, "")["Location"]
    assert client.post("/danh-gia/", {"page": "x"}, HTTP_HOST=HOST).status_code == 404
    district = make_article(portals["doluong"], title="Tin huyện")
    assert rate(client, district).status_code == 404  # not a page of this host's site
    cross = rate(client, article, HTTP_ORIGIN="https://evil.example")
    assert cross.status_code == 403
    assert not PageStat.objects.exists()


def test_views_are_counted_by_the_page_counter(client, portals):
    article = make_article(portals["department"], title="Tin")
    for _ in range(3):
        response = client.get(f"/luot-xem/{article.pk}/", HTTP_HOST=HOST)
        assert response["Content-Type"] == "image/gif"
    assert PageStat.objects.get(page=article).views == 3


def test_the_statistics_screen_draws_a_chart_of_its_own_portal(client, portals):
    article = make_article(portals["department"], title="Tin")
    client.get(f"/luot-xem/{article.pk}/", HTTP_HOST=HOST)
    rate(client, article, "very_satisfied")
    board = portals["department"].users["board"]
    client.force_login(board)
    response = client.get(reverse("portal_statistics"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "Rất hài lòng" in html and "Tin" in html
    # A district's board asking for another district's portal stays on its own.
    client.force_login(portals["doluong"].users["board"])
    other = client.get(reverse("portal_statistics"), {"portal": portals["yenthanh"].pk})
    assert other.context["portal"] == portals["doluong"]
    assert [p.pk for p in other.context["portals"]] == [portals["doluong"].pk]


def test_the_statistics_screen_is_refused_without_permission(client, district_setup):
    from congso.testing.users import UserFactory

    client.force_login(UserFactory(username="khach"))
    assert client.get(reverse("portal_statistics")).status_code in (302, 403)


def test_the_counter_feeds_the_articles_total_and_the_most_read_list(client, portals):
    department = portals["department"]
    read_often = make_article(department, title="Tin đọc nhiều")
    read_once = make_article(department, title="Tin đọc một lần")
    make_article(department, title="Tin chưa ai đọc")
    for _ in range(1200):
        ArticlePage.objects.filter(pk=read_often.pk).update(view_count=F("view_count") + 1)
    client.get(f"/luot-xem/{read_often.pk}/", HTTP_HOST=HOST)
    client.get(f"/luot-xem/{read_once.pk}/", HTTP_HOST=HOST)

    read_often.refresh_from_db()
    assert read_often.view_count == 1201
    home = client.get("/", HTTP_HOST=HOST)
    assert [a.title for a in home.context["most_read"]] == ["Tin đọc nhiều", "Tin đọc một lần"]
    assert "1.201 lượt xem" in home.content.decode()
    article = client.get(read_often.relative_url(department.site), HTTP_HOST=HOST)
    assert "1.201 lượt xem" in article.content.decode()
