"""The page actions' addresses, reversed once per name, are those Django's reverse() gives."""

import pytest
from django.urls import NoReverseMatch, set_script_prefix
from django.urls import reverse as django_reverse

from congso.core.backoffice import urls_fast

NAMES = [
    "wagtailadmin_pages:edit",
    "wagtailadmin_pages:delete",
    "wagtailadmin_pages:copy",
    "wagtailadmin_pages:move",
    "wagtailadmin_pages:history",
    "wagtailadmin_explore",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("page_id", [1, 42, 123456])
def test_addresses_are_djangos(name, page_id):
    assert urls_fast.reverse(name, args=[page_id]) == django_reverse(name, args=[page_id])
    assert urls_fast.reverse(name, args=(page_id,)) == django_reverse(name, args=(page_id,))


def test_a_script_prefix_is_kept_apart():
    first = urls_fast.reverse("wagtailadmin_pages:edit", args=[7])
    set_script_prefix("/congso/")
    try:
        assert urls_fast.reverse("wagtailadmin_pages:edit", args=[7]) == "/congso" + first
    finally:
        set_script_prefix("/")
    assert urls_fast.reverse("wagtailadmin_pages:edit", args=[7]) == first


def test_anything_else_goes_to_django():
    assert urls_fast.reverse("wagtailadmin_explore_root") == django_reverse(
        "wagtailadmin_explore_root"
    )
    assert urls_fast.reverse(
        "wagtailadmin_pages:edit", args=[5], query={"next": "/a b"}
    ) == django_reverse("wagtailadmin_pages:edit", args=[5], query={"next": "/a b"})
    with pytest.raises(NoReverseMatch):
        urls_fast.reverse("wagtailadmin_pages:edit", args=[-1])
    with pytest.raises(NoReverseMatch):
        urls_fast.reverse("no_such_view", args=[1])


def test_wagtails_page_actions_use_it():
    from wagtail.admin import wagtail_hooks
    from wagtail.admin.ui.menus import pages

    assert wagtail_hooks.reverse is urls_fast.reverse
    assert pages.reverse is urls_fast.reverse
