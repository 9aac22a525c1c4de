"""Keeping the search index in step with the published pages.

:func:`index_page` (re)indexes one page, or removes it when it is no longer live and public;
:func:`index_subtree` does it for a page and everything under it (after a move or an
unpublication of a section); :func:`rebuild` for every portal (``congso portal-reindex``).
They are called from the publishing path through Wagtail's ``page_published``,
``page_unpublished`` and ``page_moved`` signals and Django's ``post_delete`` (see
``congso/portal/signals.py``), which do nothing else."""

from django.db import transaction
from django.db.models import Q
from django.utils.html import strip_tags
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index

from ..models import HomePage, PortalSearchEntry
from ..models.pages import PortalPage
from . import engine
from .text import index_text

#: fields that give the lead of a page, first found wins
LEAD_FIELDS = ("lead", "intro", "abstract", "summary")


def _site_of(page: Page) -> tuple[int, str] | None:
    """The id of the site a page belongs to and the page's path inside it (no query once
    Wagtail has cached the site root paths)."""
    best = None
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path) and (
            best is None or len(root.root_path) > len(best.root_path)
        ):
            best = root
    if best is None:
        return None
    return best.site_id, "/" + page.url_path[len(best.root_path) :]


def _text(value) -> str:
    return " ".join(strip_tags(str(value or "")).split())


def page_texts(page: Page) -> tuple[str, str, str]:
    """Title, lead and body of a page as plain text, from its ``search_fields``."""
    lead = ""
    for name in LEAD_FIELDS:
        if getattr(page, name, None):
            lead = _text(getattr(page, name))
            break
    lead = lead or page.search_description or ""
    parts: list[str] = []
    for search_field in page.search_fields:
        if not isinstance(search_field, index.SearchField):
            continue
        name = search_field.field_name
        if name in ("title", *LEAD_FIELDS):
            continue
        value = getattr(page, name, None)
        if value is None:
            continue
        try:
            model_field = page._meta.get_field(name)
        except Exception:
            model_field = None
        if isinstance(model_field, StreamField):
            parts.extend(_text(t) for t in model_field.get_searchable_content(value))
        elif callable(value):
            parts.append(_text(value()))
        else:
            parts.append(_text(value))
    return page.title, lead, " ".join(p for p in parts if p)


def _indexable(page: Page) -> bool:
    if not page.live or not isinstance(page, PortalPage) or isinstance(page, HomePage):
        return False
    restricted = PageViewRestriction.objects.filter(
        page__in=Page.objects.ancestor_of(page, inclusive=True)
    ).exists()
    return not restricted


def unindex_pages(page_ids: list[int]) -> None:
    entries = list(
        PortalSearchEntry.objects.filter(page_id__in=page_ids).values_list("pk", flat=True)
    )
    if entries:
        engine.remove(entries)
        PortalSearchEntry.objects.filter(pk__in=entries).delete()


@transaction.atomic
def index_page(page: Page) -> PortalSearchEntry | None:
    """Index a page, or remove it from the index when it is not (or no longer) a live,
    public page of a portal."""
    page = page.specific
    located = _site_of(page) if _indexable(page) else None
    if located is None:
        unindex_pages([page.pk])
        return None
    site_id, path = located
    title, lead, body = page_texts(page)
    shown_at = getattr(page, "published_at", None) or page.first_published_at
    entry, _created = PortalSearchEntry.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "site_id": site_id,
            "path": path,
            "title": title[:255],
            "lead": lead,
            "body": body,
            "kind": page._meta.model_name,
            "shown_at": shown_at,
        },
    )
    engine.write(entry.pk, index_text(title), index_text(lead), index_text(body))
    return entry


def index_subtree(page: Page) -> int:
    """Reindex a page and its descendants (their site or address may have changed)."""
    count = 0
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific().iterator(200):
        count += index_page(descendant) is not None
    return count


def rebuild() -> int:
    """Rebuild the whole index from the pages of every portal."""
    with transaction.atomic():
        engine.clear()
        PortalSearchEntry.objects.all().delete()
        roots = Q()
        for site in Site.objects.select_related("root_page"):
            roots |= Q(path__startswith=site.root_page.path)
        if not roots:
            return 0
        count = 0
        pages = Page.objects.live().filter(roots).specific()
        for page in pages.iterator(200):
            count += index_page(page) is not None
        return count
