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

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

SKIPPED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/django-admin/")
CACHED_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")
CACHED_TYPES += ("text/plain",)
#: how long the host -> site lookup stays in this process (site host names rarely change)
SITE_LOOKUP_SECONDS = 60

_sites: dict[str, tuple[int | None, float]] = {}


def seconds() -> int:
    return getattr(settings, "CONGSO_PAGE_CACHE_SECONDS", 600)


def _generation_key(site_id: int) -> str:
    return f"portal:gen:{site_id}"


def generation(site_id: int) -> int:
    return cache.get(_generation_key(site_id)) or 0


def bump(site_id: int | None) -> None:
    """Make every cached page of a site stale."""
    if site_id is None:
        return
    key = _generation_key(site_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def bump_all() -> None:
    from wagtail.models import Site

    for site_id in Site.objects.values_list("pk", flat=True):
        bump(site_id)


def _site_id(request: HttpRequest) -> int | None:
    host = request.get_host()
    cached = _sites.get(host)
    now = time.monotonic()
    if cached and cached[1] > now:
        return cached[0]
    from wagtail.models import Site

    site = Site.find_for_request(request)
    site_id = site.pk if site else None
    _sites[host] = (site_id, now + SITE_LOOKUP_SECONDS)
    return site_id


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(SKIPPED_PREFIXES)
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
    """Serves an anonymous visitor's page from the cache when its site has not changed."""

    HEADERS = ("Content-Type", "Content-Language", "Last-Modified")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not seconds() or not _cacheable_request(request):
            return self.get_response(request)
        try:
            site_id = _site_id(request)
        except Exception:
            site_id = None  # a host ALLOWED_HOSTS refuses: let Django answer
        if site_id is None:
            return self.get_response(request)
        key = f"portal:page:{site_id}:{generation(site_id)}:{request.get_full_path()}"
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
