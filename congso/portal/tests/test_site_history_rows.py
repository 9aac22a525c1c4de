"""The site history's rows, written in Python, carry the markup of Wagtail's template."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from wagtail.models import Page

from congso.core.actors import SYSTEM, audit
from congso.testing.factories import OrganisationFactory
from congso.testing.users import UserFactory

from .factories import make_article

pytestmark = pytest.mark.django_db

RESULTS = "/admin/reports/site-history/results/"


def collapsed(html) -> str:
    """Markup with each run of white space made one space: what a browser shows the same."""
    return re.sub(r"\s+", " ", str(html)).strip()


def table(html: str) -> str:
    (found,) = re.findall(r"<table.*</table>", html, re.DOTALL)
    return found


@pytest.fixture
def history(portals):
    portal = portals["doluong"]
    editor = portal.users["editor"]
    editor.first_name, editor.last_name = "Lan", "Nguyễn Thị"
    editor.save()
    article = make_article(portal, title="Bài <b>\"nháp\"</b> & 'mới'", publish=False)
    article = Page.objects.get(pk=article.pk).specific
    article.save_revision(user=editor, log_action=True)
    make_article(portals["yenthanh"], title="Bài của Yên Thành")
    audit(OrganisationFactory(name="Doanh nghiệp <A&B>"), "wagtail.edit", user=SYSTEM)
    return portal


@pytest.mark.parametrize("role", ["superuser", "editor", "board"])
def test_rows_render_as_wagtails_template(history, role):
    if role == "superuser":
        user = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    else:
        user = history.users[role]
    client = Client()
    client.force_login(user)
    response = client.get(RESULTS)
    assert response.status_code == 200
    ours = response.content.decode()
    assert ours.count("<tr>") >= 3  # the head's row and at least two entries
    context = response.context_data
    wagtails = render_to_string(
        "wagtailadmin/reports/site_history_results.html", context, request=response.wsgi_request
    )
    assert collapsed(table(ours)) == collapsed(table(wagtails))


def test_an_entry_the_reader_may_edit_links_to_its_editor(history):
    client = Client()
    client.force_login(history.users["editor"])
    rows = client.get(RESULTS).content.decode()
    article = Page.objects.get(title__startswith="Bài <b>")
    assert f'href="/admin/pages/{article.pk}/edit/"' in rows
    assert "Bài &lt;b&gt;&quot;nháp&quot;&lt;/b&gt; &amp; &#x27;mới&#x27;" in rows
    assert "Bài của Yên Thành" not in rows
