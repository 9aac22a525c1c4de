"""The explorer's cells (title, status, date, children), written in Python, carry the markup of
Wagtail's templates."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from ..backoffice import explorer
from .factories import account_of, make_article, news_section

pytestmark = pytest.mark.django_db


def comparable(html: str) -> str:
    """The page with each run of white space made one space, and what changes between two
    requests (the CSRF token, the nonces) left out."""
    html = re.sub(r'(csrfmiddlewaretoken" value="|nonce="|"CSRF_TOKEN": ")[^"]*', "", html)
    return re.sub(r"\s+", " ", html).strip()


@pytest.fixture
def pages(portals):
    portal = portals["doluong"]
    editor, board = portal.users["editor"], portal.users["board"]
    make_article(portal, title="Bài <b>\"nháp\"</b> & 'mới'", publish=False)
    mine = make_article(portal, title="Bài khoá bởi biên tập viên")
    Page.objects.filter(pk=mine.pk).update(locked=True, locked_by=editor)
    theirs = make_article(portal, title="Bài khoá bởi ban biên tập")
    Page.objects.filter(pk=theirs.pk).update(locked=True, locked_by=board)
    PageViewRestriction.objects.create(
        page=news_section(portal), restriction_type=PageViewRestriction.LOGIN
    )
    return {"portal": portal, "section": news_section(portal)}


def both(client, url, monkeypatch) -> tuple[str, str]:
    """The listing at ``url`` with our title cells, then with Wagtail's."""
    ours = client.get(url, follow=True)
    assert ours.status_code == 200
    with monkeypatch.context() as patch:
        for stock, ours_ in explorer.IN_PYTHON_COLUMNS.items():
            patch.setattr(ours_, "render_cell_html", stock.render_cell_html)
        theirs = client.get(url, follow=True)
    return comparable(ours.content.decode()), comparable(theirs.content.decode())


@pytest.mark.parametrize("role", ["editor", "board", "superuser", "other editor"])
@pytest.mark.parametrize("where", ["root", "home", "section", "search"])
def test_title_cells_render_as_wagtails_templates(portals, pages, role, where, monkeypatch):
    user = account_of(portals, role)
    client = Client()
    client.force_login(user)
    urls = {
        "root": reverse("wagtailadmin_explore_root"),
        "home": reverse("wagtailadmin_explore", args=[pages["portal"].site.root_page_id]),
        "section": reverse("wagtailadmin_explore", args=[pages["section"].pk]),
        "search": reverse("wagtailadmin_explore_root") + "?q=b%C3%A0i",
    }
    ours, theirs = both(client, urls[where], monkeypatch)
    assert ours == theirs
    if where != "search" and role != "other editor":
        assert "data-listing-page-title" in ours
        assert "w-human-readable-date" in ours
        assert "w-status" in ours


def test_the_cells_show_what_wagtails_show(portals, pages):
    client = Client()
    client.force_login(pages["portal"].users["editor"])
    section = pages["section"]
    html = client.get(reverse("wagtailadmin_explore", args=[section.pk])).content.decode()
    assert "Bài &lt;b&gt;&quot;nháp&quot;&lt;/b&gt; &amp; &#x27;mới&#x27;" in html
    assert "<b>" not in html.split("data-listing-page-title", 1)[1].split("</table>")[0]
    assert "Trang này đã bị khoá bởi bạn" in html or "locked, by you" in html
    assert "indicator--is-dimmed" in html
