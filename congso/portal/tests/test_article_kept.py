"""An article served without the page cache: its address and the parts of its template kept
in the cache until the next publication, and what must show at once all the same."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congso.portal.models import ArticlePage, PortalPage

from .factories import make_article, news_section

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"


def _html(client, url, host=HOST) -> str:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _published(article: ArticlePage, **changes) -> ArticlePage:
    for name, value in changes.items():
        setattr(article, name, value)
    article.save_revision().publish()
    return article


def test_the_kept_parts_change_nothing_in_the_page(client, portals, monkeypatch):
    article = make_article(
        portals["department"], title="Tin giữ lại", tags=["hội nghị"], author="Văn phòng Sở"
    )
    ArticlePage.objects.filter(pk=article.pk).update(view_count=1234)
    built, kept = _html(client, article.url), _html(client, article.url)
    monkeypatch.setattr(PortalPage, "kept_version", lambda page: None)
    rendered = _html(client, article.url)
    assert built == kept == rendered
    assert "1.234 lượt xem" in kept and "hội nghị" in kept


def test_a_kept_article_reads_only_itself_and_the_view_restrictions(
    client, portals, site_lookup_on
):
    article = make_article(portals["department"], title="Tin ít truy vấn", tags=["hội nghị"])
    _html(client, article.url)
    with CaptureQueriesContext(connection) as captured:
        assert "hội nghị" in _html(client, article.url)
    assert len(captured) == 2, "\n".join(query["sql"] for query in captured)


def test_a_new_revision_of_the_article_shows_at_once(client, portals):
    article = make_article(
        portals["department"], title="Tin ban đầu", lead="Sapo ban đầu.", tags=["cũ"]
    )
    assert "Sapo ban đầu." in _html(client, article.url)
    article = ArticlePage.objects.get(pk=article.pk)
    article.tags.add("mới")
    _published(article, title="Tin đã sửa", lead="Sapo đã sửa.")
    html = _html(client, article.url)
    assert "Tin đã sửa" in html and "Sapo đã sửa." in html and "Sapo ban đầu." not in html
    assert '<span class="tag">mới</span>' in html


def test_the_view_count_is_read_on_every_visit(client, portals):
    article = make_article(portals["department"], title="Tin được đọc")
    assert "lượt xem" not in _html(client, article.url)
    ArticlePage.objects.filter(pk=article.pk).update(view_count=2)
    assert "2 lượt xem" in _html(client, article.url)


def test_unpublished_moved_and_renamed_articles_leave_their_address_at_once(client, portals):
    portal = portals["department"]
    unpublished = make_article(portal, title="Tin sẽ gỡ")
    moved = make_article(portal, title="Tin sẽ chuyển")
    for article in (unpublished, moved):
        _html(client, article.url)
    ArticlePage.objects.get(pk=unpublished.pk).unpublish()
    assert client.get(unpublished.url, HTTP_HOST=HOST).status_code == 404

    from congso.portal.models import SectionPage

    old_url = moved.url
    other = SectionPage.objects.child_of(portal.site.root_page).exclude(pk=news_section(portal).pk)
    moved.move(other.first(), pos="last-child")
    moved.refresh_from_db()
    assert client.get(old_url, HTTP_HOST=HOST).status_code == 404
    assert "Tin sẽ chuyển" in _html(client, moved.url)

    _published(ArticlePage.objects.get(pk=moved.pk), slug="tin-da-doi-ten")
    assert client.get(moved.url, HTTP_HOST=HOST).status_code == 404
    moved.refresh_from_db()
    assert moved.url.endswith("/tin-da-doi-ten/")
    assert "Tin sẽ chuyển" in _html(client, moved.url)


def test_a_page_unpublished_behind_the_caches_back_is_not_found(client, portals):
    """The address is kept, the page itself is always read: its state decides."""
    from wagtail.models import Page

    article = make_article(portals["department"], title="Tin gỡ thẳng trong cơ sở dữ liệu")
    _html(client, article.url)
    Page.objects.filter(pk=article.pk).update(live=False)
    assert client.get(article.url, HTTP_HOST=HOST).status_code == 404


def test_a_kept_article_is_not_found_through_another_portals_host(client, portals):
    article = make_article(portals["doluong"], title="Tin Đô Lương")
    path = article.get_url_parts()[2]
    _html(client, path, host=portals["doluong"].site.hostname)
    _html(client, path, host=portals["doluong"].site.hostname)
    assert client.get(path, HTTP_HOST=portals["yenthanh"].site.hostname).status_code == 404
    assert client.get(path, HTTP_HOST=HOST).status_code == 404


def test_each_host_of_a_site_gets_its_own_addresses(client, portals):
    article = make_article(portals["department"], title="Tin hai tên miền")
    path = article.get_url_parts()[2]
    assert f'href="http://{HOST}{path}"' in _html(client, path)
    assert f'href="http://localhost{path}"' in _html(client, path, host="localhost")


def test_a_private_article_is_never_kept(client, portals):
    from wagtail.models import Page, PageViewRestriction

    portal = portals["department"]
    article = make_article(portal, title="Tin nội bộ")
    _html(client, article.url)
    PageViewRestriction.objects.create(
        page=news_section(portal), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(article.url, HTTP_HOST=HOST)
    assert response.status_code == 302 and "Tin nội bộ" not in response.content.decode()
    client.force_login(portal.users["editor"])
    assert "Tin nội bộ" in _html(client, article.url)
    # a change written straight to the row (no publication) shows: nothing of it was kept
    Page.objects.filter(pk=article.pk).update(title="Tin nội bộ, đã sửa")
    assert "Tin nội bộ, đã sửa" in _html(client, article.url)


def test_a_preview_shows_the_draft_and_leaves_the_published_article(client, portals):
    article = make_article(portals["department"], title="Tin đã đăng", lead="Sapo đã đăng.")
    _html(client, article.url)
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.title, draft.lead = "Bản nháp", "Sapo của bản nháp."
    draft.save_revision()
    preview = draft.make_preview_request().content.decode()
    assert "Sapo của bản nháp." in preview
    html = _html(client, article.url)
    assert "Sapo đã đăng." in html and "Sapo của bản nháp." not in html


def test_a_renamed_tag_shows_at_once(client, portals):
    from taggit.models import Tag

    article = make_article(portals["department"], title="Tin có thẻ", tags=["chuyen doi so"])
    assert '<span class="tag">chuyen doi so</span>' in _html(client, article.url)
    tag = Tag.objects.get(name="chuyen doi so")
    tag.name = "chuyển đổi số"
    tag.save()
    assert '<span class="tag">chuyển đổi số</span>' in _html(client, article.url)


def test_a_changed_image_shows_at_once(client, portals, settings, tmp_path):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = io.BytesIO()
    PILImage.new("RGB", (600, 400), "blue").save(buffer, "PNG")
    image = Image.objects.create(title="Ảnh", file=ImageFile(buffer, name="anh.png"))
    article = make_article(portals["department"], title="Tin có ảnh", image=image)
    before = image.get_rendition("fill-1200x630").url
    assert before in _html(client, article.url)
    image.focal_point_x, image.focal_point_y = 500, 300
    image.focal_point_width = image.focal_point_height = 100
    image.save()
    after = Image.objects.get(pk=image.pk).get_rendition("fill-1200x630").url
    html = _html(client, article.url)
    assert after != before and after in html and before not in html
