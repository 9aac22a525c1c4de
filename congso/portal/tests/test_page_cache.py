"""The page cache of anonymous visitors, its invalidation, and the queries of an uncached page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .. import cache as page_cache
from .factories import make_article, news_section

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"
#: the queries of an uncached public page (one more on a page listing articles with images,
#: for their renditions): the home page (view restrictions, the most read; its latest articles
#: and each section's are kept until the site's next publication), a section (its page, view
#: restrictions, the count and the page of articles) and an article with tags (its page, view
#: restrictions; one more when it links to related articles). The addresses are kept until the
#: site's next publication, the article's text and tags until its next one (test_article_kept.py)
QUERIES = {"home": 2, "section": 4, "article": 2}
#: the home page after a publication on its site: also its portal (with the site's home page),
#: the home page itself, the menu, and the latest articles with each section's (one read)
HOME_AFTER_PUBLICATION = 6


@pytest.fixture
def page_cache_on(settings, site_lookup_on):
    settings.CONGSO_PAGE_CACHE_SECONDS = 600
    cache.clear()
    page_cache._sites.clear()
    yield
    cache.clear()
    page_cache._sites.clear()


def _queries(client, url, host=HOST):
    client.get(url, HTTP_HOST=host)  # warms Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    return captured


@pytest.mark.parametrize("page", ["home", "section", "article"])
def test_an_uncached_page_costs_few_queries_whatever_the_number_of_articles(
    client, portals, page, site_lookup_on
):
    portal = portals["department"]
    for number in range(3):
        make_article(portal, title=f"Tin {number}", tags=["chuyển đổi số"])
    article = make_article(portal, title="Bài có liên quan", tags=["hội nghị"])
    urls = {"home": "/", "section": news_section(portal).url, "article": article.url}
    few = _queries(client, urls[page])
    for number in range(27):
        make_article(portal, title=f"Tin thêm {number}")
    many = _queries(client, urls[page])
    assert len(few) == len(many) == QUERIES[page], "\n".join(q["sql"] for q in many)


def test_the_home_page_after_a_publication_reads_its_listings_whatever_their_size(
    client, portals, site_lookup_on
):
    portal = portals["department"]

    def first_render():
        client.get("/", HTTP_HOST=HOST)  # warms Wagtail's cached site root paths
        page_cache.bump(portal.site.pk)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/", HTTP_HOST=HOST)
        return response, captured.captured_queries

    for number in range(3):
        make_article(portal, title=f"Tin {number}")
    _response, few = first_render()
    for number in range(3, 30):
        make_article(portal, title=f"Tin {number}")
    response, queries = first_render()
    assert len(few) == len(queries) == HOME_AFTER_PUBLICATION, "\n".join(q["sql"] for q in queries)
    assert "Tin 29" in response.content.decode()


def test_the_home_page_listings_follow_publications_and_privacy_without_the_page_cache(
    client, portals
):
    from wagtail.models import PageViewRestriction

    portal = portals["department"]
    make_article(portal, title="Tin đầu tiên")
    assert "Tin đầu tiên" in client.get("/", HTTP_HOST=HOST).content.decode()
    second = make_article(portal, title="Tin thứ hai")
    assert "Tin thứ hai" in client.get("/", HTTP_HOST=HOST).content.decode()
    restriction = PageViewRestriction.objects.create(
        page=news_section(portal), restriction_type=PageViewRestriction.LOGIN
    )
    html = client.get("/", HTTP_HOST=HOST).content.decode()
    assert "Tin thứ hai" not in html and "Tin đầu tiên" not in html
    restriction.delete()
    assert "Tin thứ hai" in client.get("/", HTTP_HOST=HOST).content.decode()
    second.refresh_from_db()
    second.unpublish()
    assert "Tin thứ hai" not in client.get("/", HTTP_HOST=HOST).content.decode()


def test_an_anonymous_page_is_served_from_the_cache_without_queries(client, portals, page_cache_on):
    article = make_article(portals["department"], title="Tin đã lưu")
    assert client.get(article.url, HTTP_HOST=HOST)["X-Cache"] == "miss"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(article.url, HTTP_HOST=HOST)
    assert response["X-Cache"] == "hit"
    assert "Tin đã lưu" in response.content.decode()
    assert len(captured) == 0


def test_publishing_unpublishing_and_moving_refresh_the_cached_pages(
    client, portals, page_cache_on
):
    portal = portals["department"]
    first = make_article(portal, title="Tin thứ nhất")
    assert "Tin thứ nhất" in client.get("/", HTTP_HOST=HOST).content.decode()
    second = make_article(portal, title="Tin thứ hai")  # published
    home = client.get("/", HTTP_HOST=HOST)
    assert home["X-Cache"] == "miss" and "Tin thứ hai" in home.content.decode()
    second.refresh_from_db()
    second.unpublish()
    assert "Tin thứ hai" not in client.get("/", HTTP_HOST=HOST).content.decode()
    # moved to another portal: gone from this one's pages, shown on the other's
    host = portals["doluong"].site.hostname
    assert "Tin thứ nhất" not in client.get("/", HTTP_HOST=host).content.decode()
    first.move(news_section(portals["doluong"]), pos="last-child")
    assert "Tin thứ nhất" not in client.get("/", HTTP_HOST=HOST).content.decode()
    assert "Tin thứ nhất" in client.get("/", HTTP_HOST=host).content.decode()


def test_a_site_keeps_its_cache_when_another_site_publishes(client, portals, page_cache_on):
    client.get("/", HTTP_HOST=HOST)
    make_article(portals["yenthanh"], title="Tin huyện")
    assert client.get("/", HTTP_HOST=HOST)["X-Cache"] == "hit"


def test_signed_in_users_and_forms_are_never_cached(client, portals, page_cache_on):
    article = make_article(portals["department"], title="Tin riêng")
    client.force_login(portals["department"].users["editor"])
    assert "X-Cache" not in client.get(article.url, HTTP_HOST=HOST)
    client.logout()
    client.cookies.clear()
    assert client.get(article.url, HTTP_HOST=HOST)["X-Cache"] == "miss"
    # a page whose template used a CSRF token (a form) is not stored
    from django.http import HttpRequest, HttpResponse

    request = HttpRequest()
    request.META["CSRF_COOKIE_USED"] = True
    response = HttpResponse("<form></form>")
    assert not page_cache._cacheable_response(request, response)


def test_the_back_office_and_posts_are_not_cached(client, portals, page_cache_on):
    assert "X-Cache" not in client.get("/admin/login/", HTTP_HOST=HOST)
    assert "X-Cache" not in client.post("/tim-kiem/", HTTP_HOST=HOST)


def test_a_published_change_of_the_home_page_itself_shows_at_once(client, portals, page_cache_on):
    """The process keeps its host's site with the home page; a publication makes it stale."""
    from wagtail.models import Page

    assert client.get("/", HTTP_HOST=HOST).status_code == 200
    home = Page.objects.get(pk=portals["department"].site.root_page_id).specific
    home.intro = "<p>Lời giới thiệu mới của Sở</p>"
    home.save_revision().publish()

    response = client.get("/", HTTP_HOST=HOST)

    assert response["X-Cache"] == "miss"
    assert "Lời giới thiệu mới của Sở" in response.content.decode()


def test_the_home_page_after_a_publication_finds_the_cards_renditions_in_their_cache(
    client, portals, site_lookup_on, settings, tmp_path
):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = str(tmp_path)
    portal = portals["department"]
    for number in range(3):
        buffer = io.BytesIO()
        PILImage.new("RGB", (60, 40), "blue").save(buffer, "PNG")
        image = Image.objects.create(title=f"Ảnh {number}", file=ImageFile(buffer, name="a.png"))
        make_article(portal, title=f"Tin có ảnh {number}", image=image)

    def first_render():
        page_cache.bump(portal.site.pk)
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/", HTTP_HOST=HOST).content.decode()
        renditions = [q for q in captured.captured_queries if "rendition" in q["sql"]]
        return html, renditions

    client.get("/", HTTP_HOST=HOST)  # makes the renditions
    cache.clear()
    html, read = first_render()  # not in the cache: read in one query
    assert len(read) == 1
    html_again, read_again = first_render()
    assert read_again == []
    for number in range(3):
        card = Image.objects.get(title=f"Ảnh {number}").get_rendition("fill-480x300")
        assert card.url in html and card.url in html_again
