"""Finding the page a public address names, from the home page of the request's site.

Wagtail walks down from the home page one path segment at a time: two queries a segment (the
child with that slug, then its specific row). The address of an article has two segments, so
four queries before the page is even served. Here every page along the address is read in one
query (their ``url_path`` is the home page's plus the segments so far), and the page itself
in a second one, with what its template shows along (``serve_queryset``).

The outcome is Wagtail's own: only the home page's descendants are found (a page of another
site stays a 404), a page that is not live is a 404, and a page along the way that routes
addresses itself (a ``RoutablePageMixin`` page with its sub-addresses) is handed the rest of
the address as Wagtail would hand it. Privacy is checked afterwards by Wagtail's serve view,
as for any page.
"""

from django.http import Http404
from wagtail.models import Page
from wagtail.url_routing import RouteResult


def route_below(home: Page, request, components: list[str]) -> RouteResult:
    """The route of ``components`` (non-empty) under ``home``, the site's root page."""
    prefixes = [home.url_path + "/".join(components[: i + 1]) + "/" for i in range(len(components))]
    found: dict[str, Page] = {}
    for page in Page.objects.filter(
        url_path__in=prefixes, path__startswith=home.path, depth__gt=home.depth
    ):
        if page.url_path in found:
            # two pages at one address (siblings with one slug): Wagtail's walk decides
            return Page.route(home, request, components)
        found[page.url_path] = page
    parent = home
    for depth, url_path in enumerate(prefixes):
        page = found.get(url_path)
        if page is None or page.depth != home.depth + depth + 1:
            raise Http404
        page._cached_parent_obj = parent
        model = page.specific_class
        if model is None or model.route is not Page.route:
            # a page that routes addresses of its own gets the rest of the address
            return page.specific.route(request, components[depth + 1 :])
        parent = page
    if not parent.live:
        raise Http404
    query = getattr(model, "serve_queryset", None)
    try:
        specific = (query() if query else model._default_manager).get(pk=parent.pk)
    except model.DoesNotExist as exc:  # removed since the first query
        raise Http404 from exc
    specific._cached_parent_obj = parent._cached_parent_obj
    return RouteResult(specific)
