"""The explorer at the root lists the portals' home pages 20 a page; what its rows ask of each
page (the user's rights, the page's address) is worked out once per page and request."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from congso.core import reading
from congso.testing.users import UserFactory

from ..backoffice.explorer import ROOT_ROWS
from .scale import add_commune_portals

pytestmark = pytest.mark.django_db


def listed_pages(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'id="page_(\d+)_title"', response.content.decode())}


def test_the_root_lists_the_home_pages_20_a_page(roles, province):
    add_commune_portals(province, ROOT_ROWS + 5)
    homes = set(Page.objects.filter(depth=2).values_list("pk", flat=True))
    assert len(homes) > ROOT_ROWS
    client = Client()
    client.force_login(UserFactory(username="quantri", is_superuser=True, is_staff=True))
    root = reverse("wagtailadmin_explore_root")

    first = listed_pages(client.get(root))
    second = listed_pages(client.get(root, {"p": 2}))

    assert len(first) == ROOT_ROWS
    assert first.isdisjoint(second)
    assert first | second == homes
    # reordering shows every row, as Wagtail does
    assert listed_pages(client.get(root, {"ordering": "ord"})) == homes


def test_a_portal_lists_its_pages_50_a_page(portals):
    from .factories import make_article, news_section

    portal = portals["doluong"]
    section = news_section(portal)
    for number in range(ROOT_ROWS + 3):
        make_article(portal, title=f"Bài {number}")
    client = Client()
    client.force_login(portal.users["board"])
    response = client.get(reverse("wagtailadmin_explore", args=[section.pk]))
    assert len(listed_pages(response)) == ROOT_ROWS + 3


@pytest.fixture
def only_reads():
    token = reading._only_reads.set(True)
    yield
    reading._only_reads.reset(token)


def test_a_reading_request_keeps_each_users_tester_on_the_page(portals, only_reads):
    home = portals["doluong"].site.root_page.specific
    editor = portals["doluong"].users["editor"]
    other = portals["yenthanh"].users["editor"]

    tester = home.permissions_for_user(editor)
    assert home.permissions_for_user(editor) is tester
    assert tester.can_edit()
    assert home.permissions_for_user(other) is not tester
    assert not home.permissions_for_user(other).can_edit()


def test_a_writing_request_asks_afresh(portals):
    home = portals["doluong"].site.root_page.specific
    editor = portals["doluong"].users["editor"]
    assert home.permissions_for_user(editor) is not home.permissions_for_user(editor)
    assert home.get_url_parts() == Page.objects.get(pk=home.pk).specific.get_url_parts()
