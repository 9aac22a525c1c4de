"""The portals' public pages that are not Wagtail pages: search, feeds, sitemap, robots.txt and
the print view of an article. Each answers for the site of the request's host only: a page of
another portal asked through this host is a 404."""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from .models import ArticlePage, Portal, SectionPage
from .search.results import search
from .search.text import parse_query
from .selectors import nav_sections

#: the value of ``pham_vi`` (scope) that searches every portal, on the department's portal
ALL_SITES = "tat-ca"
FEED_ITEMS = 20


def request_portal(request: HttpRequest) -> Portal:
    """The portal of the request's host (two queries at most), or 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    portal = (
        Portal.objects.select_related("organisation", "site__root_page").filter(site=site).first()
    )
    if portal is None:
        raise Http404
    return portal


def _page_context(request: HttpRequest, portal: Portal) -> dict:
    home = portal.site.root_page
    return {
        "portal": portal,
        "home": home,
        "nav_sections": [(section, False) for section in nav_sections(home)],
    }


def _under_site(portal: Portal, page_path: str, model=Page):
    """The live, public page at ``page_path`` inside the portal's site, or 404."""
    root = portal.site.root_page
    parts = [part for part in page_path.split("/") if part]
    if not parts:
        raise Http404
    url_path = root.url_path + "/".join(parts) + "/"
    page = model.objects.live().public().filter(url_path=url_path).first()
    if page is None:
        raise Http404
    return page


@require_safe
def search_view(request: HttpRequest) -> HttpResponse:
    portal = request_portal(request)
    query = request.GET.get("q", "")
    everywhere = portal.site.is_default_site and request.GET.get("pham_vi") == ALL_SITES
    parsed = parse_query(query)
    messages = []
    results = None
    if query.strip() and parsed.empty:
        messages.append(_("Enter at least one word (letters or digits) to search for."))
    elif not parsed.empty:
        results = search(parsed, None if everywhere else [portal.site_id], request.GET.get("page"))
    if parsed.truncated:
        messages.append(_("Your search was too long: only its first words were used."))
    context = _page_context(request, portal)
    context.update(
        query=query[:200],
        results=results,
        messages_shown=messages,
        everywhere=everywhere,
        can_search_everywhere=portal.site.is_default_site,
        all_sites=ALL_SITES,
    )
    return render(request, "portal/search/search.html", context)


class ArticlesFeed(Feed):
    """The latest articles of a portal, or of one of its sections, as RSS 2.0."""

    def get_object(self, request, section_path: str | None = None):
        portal = request_portal(request)
        self.request = request
        section = _under_site(portal, section_path, SectionPage) if section_path else None
        return portal, section

    def title(self, obj):
        portal, section = obj
        return f"{section.title} — {portal}" if section else str(portal)

    def link(self, obj):
        portal, section = obj
        return (section or portal.site.root_page).get_url(self.request)

    def description(self, obj):
        portal, section = obj
        return _("The latest articles of %(name)s") % {"name": section.title if section else portal}

    def items(self, obj):
        portal, section = obj
        articles = ArticlePage.objects.live().public()
        if section is not None:
            articles = articles.descendant_of(section)
        else:
            articles = articles.descendant_of(portal.site.root_page)
        return articles.order_by("-first_published_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.shown_date

    def item_author_name(self, item):
        return item.author or None


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


# A feed keeps its request on itself: one instance per request, never shared between threads.
def rss_view(request: HttpRequest, section_path: str | None = None) -> HttpResponse:
    return ArticlesFeed()(request, section_path=section_path)


def atom_view(request: HttpRequest, section_path: str | None = None) -> HttpResponse:
    return ArticlesAtomFeed()(request, section_path=section_path)


@require_safe
def sitemap_view(request: HttpRequest) -> HttpResponse:
    portal = request_portal(request)
    root = portal.site.root_page
    base = request.build_absolute_uri("/").rstrip("/")
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(root, inclusive=True)
        .order_by("path")
        .values_list("url_path", "last_published_at")
    )
    prefix = len(root.url_path)
    urls = [(f"{base}/{url_path[prefix:]}", modified) for url_path, modified in pages]
    return render(request, "portal/sitemap.xml", {"urls": urls}, content_type="application/xml")


@require_safe
def robots_view(request: HttpRequest) -> HttpResponse:
    request_portal(request)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /tim-kiem/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def print_view(request: HttpRequest, page_path: str) -> HttpResponse:
    portal = request_portal(request)
    article = _under_site(portal, page_path, ArticlePage)
    return render(
        request,
        "portal/print_article.html",
        {"page": article, "portal": portal, "url": article.get_url(request)},
    )
