"""Feeds, sitemap, robots.txt, social meta tags and the print view, each for its own site."""

import xml.etree.ElementTree as ET

import pytest

from .factories import make_article, news_section

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def articles(portals):
    return {
        "department": make_article(
            portals["department"], title="Hội nghị trực tuyến", lead="Sapo hội nghị."
        ),
        "yenthanh": make_article(portals["yenthanh"], title="Tin Yên Thành", lead="Sapo huyện."),
    }


def test_the_rss_feed_of_a_site_lists_its_own_articles(client, articles, portals):
    response = client.get("/rss.xml", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Hội nghị trực tuyến"]
    link = channel.find("item").findtext("link")
    assert link == f"http://{HOST}/tin-tuc-su-kien/hoi-nghi-truc-tuyen/"
    host = portals["yenthanh"].site.hostname
    other = ET.fromstring(client.get("/rss.xml", HTTP_HOST=host).content)
    assert [i.findtext("title") for i in other.iter("item")] == ["Tin Yên Thành"]


def test_the_atom_feed_of_a_section_lists_that_section_only(client, articles, portals):
    portal = portals["department"]
    other_section = portal.site.root_page.get_children().get(slug="thong-bao")
    make_article(portal, title="Thông báo tuyển dụng", section=other_section.specific)
    response = client.get("/atom/thong-bao.xml", HTTP_HOST=HOST)
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [
        "Thông báo tuyển dụng"
    ]
    rss = client.get("/rss/tin-tuc-su-kien.xml", HTTP_HOST=HOST)
    assert b"H\xe1\xbb\x99i ngh\xe1\xbb\x8b tr\xe1\xbb\xb1c tuy\xe1\xba\xbfn" in rss.content
    assert b"tuy\xe1\xbb\x83n d\xe1\xbb\xa5ng" not in rss.content
    assert client.get("/rss/khong-co.xml", HTTP_HOST=HOST).status_code == 404


def test_the_sitemap_lists_the_live_pages_of_its_site_only(client, articles, portals):
    make_article(portals["department"], title="Bản nháp", publish=False)
    response = client.get("/sitemap.xml", HTTP_HOST=HOST)
    assert response.status_code == 200
    locs = [e.text for e in ET.fromstring(response.content).iter() if e.tag.endswith("loc")]
    assert f"http://{HOST}/" in locs
    assert f"http://{HOST}/tin-tuc-su-kien/hoi-nghi-truc-tuyen/" in locs
    assert not any("ban-nhap" in loc or "tin-yen-thanh" in loc for loc in locs)
    host = portals["yenthanh"].site.hostname
    other = client.get("/sitemap.xml", HTTP_HOST=host).content.decode()
    assert "tin-yen-thanh" in other and "hoi-nghi-truc-tuyen" not in other


def test_robots_txt_points_at_the_sitemap_of_its_own_site(client, portals):
    response = client.get("/robots.txt", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert f"Sitemap: http://{HOST}/sitemap.xml" in response.content.decode()
    host = portals["doluong"].site.hostname
    assert (
        f"Sitemap: http://{host}/sitemap.xml"
        in client.get("/robots.txt", HTTP_HOST=host).content.decode()
    )


def test_an_article_carries_open_graph_and_twitter_tags(client, articles):
    html = client.get(articles["department"].url, HTTP_HOST=HOST).content.decode()
    assert '<meta property="og:title" content="Hội nghị trực tuyến">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:description" content="Sapo hội nghị.">' in html
    assert (
        f'<meta property="og:url" content="http://{HOST}/tin-tuc-su-kien/hoi-nghi-truc-tuyen/">'
        in html
    )
    assert '<meta name="twitter:card" content="summary">' in html
    assert 'type="application/rss+xml"' in html


def test_the_print_view_shows_the_article_alone(client, articles):
    response = client.get("/ban-in/tin-tuc-su-kien/hoi-nghi-truc-tuyen/", HTTP_HOST=HOST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "portal/print" in html and "Sapo hội nghị." in html
    assert "site-nav" not in html
    article_html = client.get(articles["department"].url, HTTP_HOST=HOST).content.decode()
    assert 'href="/ban-in/tin-tuc-su-kien/hoi-nghi-truc-tuyen/"' in article_html
    assert 'media="print"' in article_html


def test_a_page_of_one_site_through_another_sites_host_is_404(client, articles, portals):
    host = portals["yenthanh"].site.hostname
    department_path = "/tin-tuc-su-kien/hoi-nghi-truc-tuyen/"
    assert client.get(department_path, HTTP_HOST=HOST).status_code == 200
    assert client.get(department_path, HTTP_HOST=host).status_code == 404
    assert client.get("/ban-in" + department_path, HTTP_HOST=host).status_code == 404
    assert client.get("/ban-in" + department_path, HTTP_HOST=HOST).status_code == 200
    # by the page's own path in the tree (with the home page's slug) neither
    full = articles["department"].url_path
    assert client.get("/ban-in" + full, HTTP_HOST=host).status_code == 404
    assert client.get("/rss/" + full.strip("/") + ".xml", HTTP_HOST=host).status_code == 404
    section = news_section(portals["department"])
    assert section.live


def test_unknown_hosts_get_404_from_the_portal_addresses(client, portals, settings):
    settings.ALLOWED_HOSTS = ["*"]
    for url in ("/tim-kiem/?q=a", "/rss.xml", "/sitemap.xml", "/robots.txt"):
        assert client.get(url, HTTP_HOST="khong-co.example").status_code in (200, 404)
