"""The cache of the portals' public pages, for anonymous visitors.

A page is cached under its host, its address (path and query string) and its site's
*generation*, a counter that :func:`bump` increments when a page of that site is published,
unpublished, moved or deleted (``congso/portal/signals.py``): every page of the site is then
rendered afresh, since a new article shows on the home page, its section, the feeds and the
search. Not cached: anything but GET and HEAD, the back office and documents, a visitor with a
session cookie (signed-in editors, previews), a response that sets a cookie, used a CSRF token
(a page with a form) or says it must not be cached.

Several server processes share the cache only when ``CACHE_URL`` names a Redis server; with the
default local-memory cache each process keeps its own pages, and a process that did not publish
sees a change only when its copy expires (``CONGSO_PAGE_CACHE_SECONDS``)."""

import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from congso.core.reading import read_once

SKIPPED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/django-admin/")
# Other modules' public pages change through their own services, which know nothing of the
# portals' generations: they are served fresh.
SKIPPED_PREFIXES += ("/dich-vu-cong/", "/du-lieu-mo/", "/workplan/", "/api/")
CACHED_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")
CACHED_TYPES += ("text/plain",)

_sites: dict[str, tuple[object, object, float, str | None]] = {}


def seconds() -> int:
    return getattr(settings, "CONGSO_PAGE_CACHE_SECONDS", 600)


def site_lookup_seconds() -> int:
    """How long this process trusts its host -> site and portal lookup (emptied at once when a
    site or a portal is saved in this process; other processes see a new host name after this
    delay). The test suite sets 0: its databases roll back under a process that remembers."""
    return getattr(settings, "CONGSO_SITE_LOOKUP_SECONDS", 60)


_CONTENT_KEY = "portal:gen:content"


def _generation_key(site_id: int) -> str:
    return f"portal:gen:{site_id}"


def generation(site_id: int) -> str:
    # read once per request: every part of a page is then kept under the same generation
    key = _generation_key(site_id)
    return read_once(key, lambda: cache.get(key) or "0")


def content_generation() -> str:
    """A generation of all the sites together, also renewed when an image, a document or a tag
    is changed or removed: what the kept parts of a page depend on besides the page itself (the
    images, documents and tags it shows, its links to pages of any site)."""
    return read_once(_CONTENT_KEY, lambda: cache.get(_CONTENT_KEY) or "0")


def bump(site_id: int | None) -> None:
    """Make every cached page (and the cached navigation) of a site stale: its generation
    becomes a new random token, never one a previous generation had."""
    if site_id is not None:
        cache.set_many(
            {_generation_key(site_id): uuid.uuid4().hex[:12], _CONTENT_KEY: uuid.uuid4().hex[:12]},
            None,
        )


def bump_content(**kwargs) -> None:
    """Make the kept parts of every page stale (an image, a document or a tag changed)."""
    cache.set(_CONTENT_KEY, uuid.uuid4().hex[:12], None)


def digest(*parts) -> str:
    """A short fixed-length key part for free text (addresses, names): cache keys stay short
    and free of spaces and control characters."""
    return hashlib.blake2b("\n".join(map(str, parts)).encode(), digest_size=12).hexdigest()


def bump_all() -> None:
    from wagtail.models import Site

    for site_id in Site.objects.values_list("pk", flat=True):
        bump(site_id)


def site_id_of(page) -> int | None:
    """The id of the site a page belongs to (from Wagtail's cached site root paths)."""
    from wagtail.models import Site

    best = None
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path) and (
            best is None or len(root.root_path) > len(best.root_path)
        ):
            best = root
    return best.site_id if best else None


def per_site(page, name: str, build):
    """``build()``, kept in the cache until the site of ``page`` changes (any publication)."""
    site_id = site_id_of(page)
    if site_id is None:
        return build()
    key = f"portal:{name}:{site_id}:{generation(site_id)}:{page.pk}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds() or 600)
    return value


def forget_sites(**kwargs) -> None:
    """Called when a site or a portal is saved or deleted."""
    _sites.clear()


def resolve(request: HttpRequest):
    """The Wagtail site and the portal of the request's host, looked up once a minute per
    process and set on the request where Wagtail (``Site.find_for_request``) and the pages
    (``PortalPage.get_portal``) look for them: no query for either on most requests."""
    host = request.get_host()
    cached = _sites.get(host)
    now = time.monotonic()
    # the site carries its home page: a publication anywhere on the site (the home page's own
    # included, in any process) makes it stale at once, as it does the cached pages
    if (
        cached is None
        or cached[2] <= now
        or (cached[0] is not None and cached[3] != generation(cached[0].pk))
    ):
        from wagtail.models import Site

        from .models import Portal

        if cached is not None and cached[2] > now:
            # only a publication happened: the host still names the same site (saving a site
            # or a portal empties the lookup), whose home page is read again with its portal
            site = cached[0]
        else:
            site = Site.find_for_request(request)
        portal = None
        # read before the home page is: a publication meanwhile leaves the entry stale
        current = generation(site.pk) if site is not None else None
        if site is not None:
            portal = (
                Portal.objects.select_related("organisation", "site__root_page")
                .filter(site_id=site.pk)
                .first()
            )
            if portal is not None:
                site = portal.site
            elif cached is not None and cached[0] is site:
                site = Site.objects.select_related("root_page").filter(pk=site.pk).first()
        cached = (site, portal, now + site_lookup_seconds(), current)
        if site_lookup_seconds():
            _sites[host] = cached
    site, portal = cached[0], cached[1]
    request._wagtail_site = site
    if portal is not None:
        request._congso_portal = portal
    return site, portal


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "preview" not in request.GET
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and not (user is not None and user.is_authenticated)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and response.get("Content-Type", "").startswith(CACHED_TYPES)
    )


class PortalPageCacheMiddleware:
    """Finds the site and portal of a public request without a query, and serves an anonymous
    visitor's page from the cache when its site has not changed since."""

    HEADERS = ("Content-Type", "Content-Language", "Last-Modified")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(SKIPPED_PREFIXES):
            return self.get_response(request)
        try:
            site, _portal = resolve(request)
        except Exception:
            site = None  # a host ALLOWED_HOSTS refuses: let Django answer
        if site is None or not seconds() or not _cacheable_request(request):
            return self.get_response(request)
        key = f"portal:page:{site.pk}:{generation(site.pk)}:{request.get_full_path()}"
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            headers = {h: response[h] for h in self.HEADERS if response.has_header(h)}
            cache.set(key, (response.content, headers), seconds())
            response["X-Cache"] = "miss"
        return response
