import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_article, news_section

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_address_of_the_installation_shows_the_department_portal(client, portals):
    make_article(portals["department"], title="Hội nghị trực tuyến quý I")
    response = client.get("/", HTTP_HOST="127.0.0.1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sở Thông tin và Truyền thông Nghệ An" in html  # the agency's name in the header
    assert "Tin tức - Sự kiện" in html  # the navigation of sections
    assert "Hội nghị trực tuyến quý I" in html


def test_an_article_carries_its_vietnamese_date_line_lead_and_caption(client, portals):
    article = make_article(
        portals["department"],
        title="Hội nghị trực tuyến",
        lead="Sapo của bài.",
        published_at=dt.datetime(2014, 3, 27, 10, 50, tzinfo=TZ),
        author="Văn phòng Sở",
    )
    html = client.get(article.url, HTTP_HOST="127.0.0.1").content.decode()
    assert "Thứ năm, 27/03/2014 10:50" in html
    assert "Sapo của bài." in html
    assert "Văn phòng Sở" in html


def test_a_section_lists_its_articles_newest_first_and_pages(client, portals):
    portal = portals["department"]
    start = dt.datetime(2014, 1, 1, 8, 0, tzinfo=TZ)
    for day in range(12):
        make_article(portal, title=f"Tin số {day}", published_at=start + dt.timedelta(days=day))
    section = news_section(portal)
    first = client.get(section.url, HTTP_HOST="127.0.0.1").content.decode()
    assert first.index("Tin số 11") < first.index("Tin số 10")
    assert "Tin số 1<" not in first
    second = client.get(section.url + "?page=2", HTTP_HOST="127.0.0.1").content.decode()
    assert "Tin số 0" in second and "Tin số 11" not in second


def _queries(client, url, host="127.0.0.1"):
    client.get(url, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_HOST=host).status_code == 200
    return len(queries)


def test_listings_cost_the_same_queries_with_3_and_30_articles(client, portals):
    portal = portals["department"]
    for number in range(3):
        make_article(portal, title=f"Tin {number}")
    section = news_section(portal)
    few = (_queries(client, "/"), _queries(client, section.url))
    for number in range(3, 30):
        make_article(portal, title=f"Tin {number}")
    assert (_queries(client, "/"), _queries(client, section.url)) == few


def test_a_page_of_one_portal_is_not_found_through_another_portals_host(client, portals):
    article = make_article(portals["doluong"], title="Tin Đô Lương")
    own = portals["doluong"].site.hostname
    other = portals["yenthanh"].site.hostname
    path = article.get_url_parts()[2]
    assert client.get(path, HTTP_HOST=own).status_code == 200
    assert client.get(path, HTTP_HOST=other).status_code == 404
    assert client.get(path, HTTP_HOST="127.0.0.1").status_code == 404


def test_each_portal_has_its_own_host_name_home_and_sections(portals):
    doluong = portals["doluong"]
    assert doluong.site.hostname == "do-luong.congso.local"
    assert doluong.site.root_page.specific.get_portal() == doluong
    titles = list(doluong.site.root_page.get_children().values_list("title", flat=True))
    assert "Tin tức - Sự kiện" in titles and "Thông báo" in titles


def test_an_article_is_found_with_its_section_in_the_breadcrumb(client, portals):
    article = make_article(portals["department"], title="Tin có chuyên mục")
    html = client.get(article.url, HTTP_HOST="127.0.0.1").content.decode()
    assert '<a href="/tin-tuc-su-kien/">Tin tức - Sự kiện</a></nav>' in html
    assert "Tin có chuyên mục" in html


def test_a_draft_an_unknown_address_and_an_address_beyond_an_article_are_not_found(client, portals):
    portal = portals["department"]
    draft = make_article(portal, title="Bản nháp", publish=False)
    article = make_article(portal, title="Tin đã đăng")
    path = article.get_url_parts()[2]
    assert client.get(path, HTTP_HOST="127.0.0.1").status_code == 200
    for missing in (
        "/tin-tuc-su-kien/" + draft.slug + "/",
        "/tin-tuc-su-kien/khong-co-bai-nay/",
        "/khong-co-chuyen-muc/" + article.slug + "/",
        path + "them/",
    ):
        assert client.get(missing, HTTP_HOST="127.0.0.1").status_code == 404, missing


def test_a_private_section_asks_for_sign_in_and_leaves_the_listings(client, portals):
    from wagtail.models import PageViewRestriction

    portal = portals["department"]
    article = make_article(portal, title="Tin nội bộ")
    section = news_section(portal)
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 302 and "login" in response["Location"]
    assert "Tin nội bộ" not in client.get("/", HTTP_HOST="127.0.0.1").content.decode()
    client.force_login(portal.users["editor"])
    assert "Tin nội bộ" in client.get(article.url, HTTP_HOST="127.0.0.1").content.decode()


def test_an_articles_image_shows_on_its_card_and_in_its_social_tags(
    client, portals, settings, tmp_path
):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), "blue").save(buffer, "PNG")
    image = Image.objects.create(title="Ảnh hội nghị", file=ImageFile(buffer, name="anh.png"))
    article = make_article(portals["department"], title="Tin có ảnh", image=image)
    for _visit in range(2):  # made on the first visit, found on the second
        home = client.get("/", HTTP_HOST="127.0.0.1").content.decode()
        page = client.get(article.url, HTTP_HOST="127.0.0.1").content.decode()
        card = image.get_rendition("fill-480x300").img_tag({"class": "card__image", "alt": ""})
        assert card in home
        social = image.get_rendition("fill-1200x630")
        assert f'<meta property="og:image" content="http://127.0.0.1{social.url}">' in page
        assert f'<meta property="og:image:width" content="{social.width}">' in page


def test_the_home_page_lists_a_quiet_sections_news_beside_a_busy_ones(client, portals):
    from congso.portal.models import SectionPage

    from .factories import make_article, news_section

    portal = portals["department"]
    home = portal.site.root_page
    quiet = SectionPage.objects.child_of(home).exclude(pk=news_section(portal).pk).first()
    make_article(portal, title="Tin của chuyên mục ít tin", section=quiet)
    # more than the three rounds of four a section the home page used to read
    for number in range(50):
        make_article(portal, title=f"Tin mới số {number}")

    body = client.get("/", HTTP_HOST=portal.site.hostname).content.decode()

    assert "Tin của chuyên mục ít tin" in body
    assert "Tin mới số 49" in body and "Tin mới số 46" in body
