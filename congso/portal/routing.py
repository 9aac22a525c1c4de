"""Finding the page a public address names, from the home page of the request's site.

Wagtail walks down from the home page one path segment at a time: two queries a segment (the
child with that slug, then its specific row). The address of an article has two segments, so
four queries before the page is even served. Here every page along the address is read in one
query (their ``url_path`` is the home page's plus the segments so far), and the page itself
in a second one, with what its template shows along (``serve_queryset``).

The pages along an address are kept in the cache until the next publication on the site (its
generation, congso/portal/cache.py: a page published, unpublished, moved, renamed or removed
renews it), so that most requests read only the page itself. The page is always read afresh:
its view count changes with every visit, and a page unpublished or removed since is a 404.

The outcome is Wagtail's own: only the home page's descendants are found (a page of another
site stays a 404), a page that is not live is a 404, and a page along the way that routes
addresses itself (a ``RoutablePageMixin`` page with its sub-addresses) is handed the rest of
the address as Wagtail would hand it. Privacy is checked afterwards by Wagtail's serve view,
as for any page.
"""

import threading

from django.core.cache import cache
from django.db import connections, router
from django.http import Http404
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from congso.core.reading import request_only_reads

from . import cache as page_cache


def _route_key(home: Page, request, components: list[str]) -> str | None:
    """The cache key of an address of the request's site, under its current generation; None
    when the request does not know its site (it was not resolved by the portals' middleware)
    or may change something."""
    site = getattr(request, "_wagtail_site", None)
    if site is None or site.root_page_id != home.pk or not request_only_reads():
        return None
    path = page_cache.digest(*components)
    return f"portal:route:{site.pk}:{page_cache.generation(site.pk)}:{home.pk}:{path}"


def _read_along(home: Page, request, components: list[str]) -> list[Page] | RouteResult:
    """The pages along the address, home page excluded, or the route of a page along it that
    routes addresses itself (or Wagtail's own walk, when two pages share an address)."""
    prefixes = [home.url_path + "/".join(components[: i + 1]) + "/" for i in range(len(components))]
    found: dict[str, Page] = {}
    for page in Page.objects.filter(
        url_path__in=prefixes, path__startswith=home.path, depth__gt=home.depth
    ):
        if page.url_path in found:
            # two pages at one address (siblings with one slug): Wagtail's walk decides
            return Page.route(home, request, components)
        found[page.url_path] = page
    pages, parent = [], home
    for depth, url_path in enumerate(prefixes):
        page = found.get(url_path)
        if page is None or page.depth != home.depth + depth + 1:
            raise Http404
        page._cached_parent_obj = parent
        model = page.specific_class
        if model is None or model.route is not Page.route:
            # a page that routes addresses of its own gets the rest of the address
            return page.specific.route(request, components[depth + 1 :])
        pages.append(page)
        parent = page
    return pages


def route_below(home: Page, request, components: list[str]) -> RouteResult:
    """The route of ``components`` (non-empty) under ``home``, the site's root page."""
    key = _route_key(home, request, components)
    kept = cache.get(key) if key else None
    if kept is not None:
        found = _serve(home, kept)
        # the page read must be the one the address names: a cache that outlived the pages it
        # names (a database restored under it) is read again
        if found is not None and _at(found, kept[-1].url_path, home):
            return RouteResult(found)
    pages = _read_along(home, request, components)
    if isinstance(pages, RouteResult):
        return pages
    found = _serve(home, pages) if pages[-1].live else None
    if found is None:  # not live, or removed since the address was read
        raise Http404
    if key:
        cache.set(key, [_detached(page) for page in pages], page_cache.seconds() or 600)
    return RouteResult(found)


def _serve(home: Page, pages: list[Page]):
    """The last of ``pages`` (each the child of the one before, the first the home page's) read
    afresh as its template shows it, if it is still live."""
    parent = home
    for page in pages:
        page._cached_parent_obj = parent
        parent = page
    specific = _read_to_serve(parent.specific_class, parent.pk)
    if specific is None or not specific.live:
        return None
    specific._cached_parent_obj = parent._cached_parent_obj
    # read from the database for this request: its template may keep parts of itself
    specific._read_to_serve = True
    return specific


def _at(page: Page, url_path: str, home: Page) -> bool:
    return page.url_path == url_path and page.path.startswith(home.path) and page.depth > home.depth


def _detached(page: Page) -> Page:
    # kept without the page above it: the home page is the request's own
    page.__dict__.pop("_cached_parent_obj", None)
    return page


#: an id no page has (a 32-bit integer still), where the id goes in the query compiled once
_ANY_ID = -1_999_999_973
#: per thread (Django's database connections are), per page type: the connection, the query
#: that reads a page to serve, its compiler, SQL and parameters, and where the id goes in these
_compiled = threading.local()


def _read_to_serve(model, pk: int):
    """The page of type ``model`` with id ``pk``, as ``model.serve_queryset()`` reads it (with
    what its template shows along), or None. Building and compiling that query takes a third
    of the time of serving an article; its SQL is the same for every page of the type but for
    the id: it is compiled once per process and connection, and Django's own iteration then
    makes the pages from its rows (the related rows, annotations and converters of the
    compiled query)."""
    db = router.db_for_read(model)
    connection = connections[db]
    per_type = getattr(_compiled, "per_type", None)
    if per_type is None:
        per_type = _compiled.per_type = {}
    compiled = per_type.get(model)
    if compiled is None or compiled[0] is not connection:
        query = getattr(model, "serve_queryset", None)
        base = (query() if query else model._default_manager.all()).using(db)
        compiler = base.filter(pk=_ANY_ID).order_by().query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        where = [index for index, value in enumerate(params) if value == _ANY_ID]
        compiled = per_type[model] = (connection, base, compiler, sql, tuple(params), where)
    _connection, base, compiler, sql, params, where = compiled
    params = list(params)
    for index in where:
        params[index] = pk
    compiler.as_sql = lambda *args, **kwargs: (sql, params)
    queryset = base.all()
    queryset.query.get_compiler = lambda *args, **kwargs: compiler
    rows = list(queryset)
    return rows[0] if rows else None
