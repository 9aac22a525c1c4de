"""What publishing does to the portals' search index and page cache.

The handlers only call :mod:`congso.portal.search.index` and :func:`congso.portal.cache.bump`:
Wagtail's ``page_published`` (publish, scheduled publish, approval), ``page_unpublished``
(unpublish, expiry), ``post_page_move`` and ``page_slug_changed`` signals, and Django's
``post_delete`` of a page, and the saving or removal of a page's view restriction; the change
or removal of an image, a document or a tag renews the parts of pages kept in the cache."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import cache
from .models import Portal, PortalSearchEntry
from .search import engine
from .search.index import _site_of, index_page, index_subtree, unindex_pages


def _bump_site_of(page) -> None:
    located = _site_of(page)
    if located:
        site_id = located[0]
        # Now, and again once committed: a page rendered in between (from the data before the
        # commit) is not kept.
        cache.bump(site_id)
        transaction.on_commit(lambda: cache.bump(site_id))


def on_published(sender, instance, **kwargs):
    index_page(instance)
    _bump_site_of(instance)


def on_unpublished(sender, instance, **kwargs):
    unindex_pages([instance.pk])
    _bump_site_of(instance)


def on_moved(sender, instance, url_path_before=None, **kwargs):
    page = Page.objects.get(pk=instance.pk)
    index_subtree(page)
    if url_path_before:
        before = Page(url_path=url_path_before)
        _bump_site_of(before)
    _bump_site_of(page)


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        _bump_site_of(instance)


def on_restriction_changed(sender, instance, **kwargs):
    # The menu and the home page's listings are kept until the next publication: a part of the
    # site that becomes private (or public again) must leave (or join) them at once.
    page = Page.objects.filter(pk=instance.page_id).only("url_path").first()
    if page is not None:
        _bump_site_of(page)


def on_shown_object_changed(sender, instance, created=False, **kwargs):
    # What a page shows of an image (its renditions), a document or a tag is kept with the
    # page's parts (congso/portal/cache.py, ``content_generation``); a new one is on no page.
    if not created:
        cache.bump_content()


def on_entry_deleted(sender, instance, **kwargs):
    engine.remove([instance.pk])


def connect() -> None:
    page_published.connect(on_published, dispatch_uid="congso.portal.search.published")
    page_unpublished.connect(on_unpublished, dispatch_uid="congso.portal.search.unpublished")
    post_page_move.connect(on_moved, dispatch_uid="congso.portal.search.moved")
    page_slug_changed.connect(on_moved, dispatch_uid="congso.portal.search.slug_changed")
    post_delete.connect(on_page_deleted, dispatch_uid="congso.portal.cache.page_deleted")
    for model in (Site, Portal):
        post_save.connect(cache.forget_sites, sender=model, dispatch_uid=f"portal.forget.{model}")
        post_delete.connect(cache.forget_sites, sender=model, dispatch_uid=f"portal.drop.{model}")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"congso.portal.cache.restriction.{signal is post_save}",
        )
    from taggit.models import Tag
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    image = get_image_model()
    for model in (image, get_document_model(), Tag):
        label = model._meta.label
        post_save.connect(
            on_shown_object_changed, sender=model, dispatch_uid=f"congso.portal.kept.saved.{label}"
        )
        post_delete.connect(
            on_shown_object_changed,
            sender=model,
            dispatch_uid=f"congso.portal.kept.deleted.{label}",
        )
    rendition = image.get_rendition_model()
    post_delete.connect(
        on_shown_object_changed, sender=rendition, dispatch_uid="congso.portal.kept.rendition"
    )
    post_delete.connect(
        on_entry_deleted, sender=PortalSearchEntry, dispatch_uid="congso.portal.search.deleted"
    )
