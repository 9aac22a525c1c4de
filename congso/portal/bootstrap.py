"""Wagtail's tree as the migrations leave it: the default locale, the root page, the root
collection and the board-approval workflow on the root. A database emptied by ``flush`` (or by
a browser test) has none of them, and pages, images and portals cannot be created without them."""

from importlib import import_module

from django.apps import apps


def ensure_wagtail_tree() -> None:
    from wagtail.models import Collection, Locale, Page

    locale, _created = Locale.objects.get_or_create(language_code="vi")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Gốc", slug="root", locale=locale, live=True))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Gốc")
    migration = import_module("congso.portal.migrations.0002_board_approval_workflow")
    migration.create(apps, None)
