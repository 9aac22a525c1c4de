"""Reads of the portals: what a page lists, which portal a user may reach. Each is a constant
number of queries, whatever the number of articles or portals."""

from django.db.models import (
    Case,
    F,
    Q,
    QuerySet,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, RowNumber, Substr
from django.utils.functional import SimpleLazyObject
from wagtail.models import PageViewRestriction

from congso.core.reading import read_once
from congso.directory.selectors import user_scope

from .models import ArticlePage, ArticleRelatedLink, Portal, PortalMember, SectionPage
from .renditions import remember_card_renditions, without_cached_card_rendition


def view_restrictions() -> list[tuple[str, int]]:
    """The tree path and depth of every page of every site that has a view restriction (one
    query, once per request: the page served and each of its listings ask)."""
    return read_once(
        "portal:view_restrictions",
        lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth")),
    )


def is_private(page) -> bool:
    """Whether a page is in a private part of a site (from :func:`view_restrictions`)."""
    return any(
        page.path.startswith(path) and page.depth >= depth for path, depth in view_restrictions()
    )


def private_q() -> Q:
    """Wagtail's ``PageQuerySet.private_q`` from :func:`view_restrictions`: the pages in a
    private part of a site."""
    q = Q()
    for path, depth in view_restrictions():
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])


#: what a card of the home page shows of an article (its address included): reading only these
#: columns halves the cost of building the queries and the rows
CARD_FIELDS = (
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "content_type",
    "lead",
    "image",
    "view_count",
    "published_at",
    "first_published_at",
)


def _articles(*, with_images: bool = True, cards: bool = False) -> QuerySet[ArticlePage]:
    """The live public articles, newest first, without their bodies (listings do not show
    them); only what a card shows when ``cards``."""
    articles = (
        ArticlePage.objects.live()
        .exclude(private_q())
        .annotate(shown_at=Coalesce("published_at", "first_published_at"))
        .order_by(F("shown_at").desc(nulls_last=True), "-pk")
    )
    articles = (articles.only(*CARD_FIELDS) if cards else articles.defer("body")).select_related(
        "image"
    )
    return articles.prefetch_related("image__renditions") if with_images else articles


def prefetch_card_renditions(images: list) -> None:
    """The renditions that the cards of a listing show, for ``images``: from the renditions'
    cache, and those it lacks in one query (then kept in the cache for the next listing)."""
    missing = without_cached_card_rendition(images)
    if missing:
        prefetch_related_objects(missing, "renditions")
        remember_card_renditions(missing)


def nav_sections(home) -> list[SectionPage]:
    """The sections of a portal's menu: the home page's live sections shown in menus (kept in
    the cache until the next publication on the site)."""
    from .cache import per_site

    return per_site(
        home,
        "nav",
        lambda: list(
            SectionPage.objects.live()
            .exclude(private_q())
            .child_of(home)
            .filter(show_in_menus=True)
        ),
    )


def most_read_articles(
    home, *, limit: int = 5, with_images: bool = True, cards: bool = False
) -> list[ArticlePage]:
    """The portal's articles read most, by the view counter's running totals (one query)."""
    return list(
        _articles(with_images=with_images, cards=cards)
        .descendant_of(home)
        .filter(view_count__gt=0)
        .order_by("-view_count", F("shown_at").desc(nulls_last=True), "-pk")[:limit]
    )


def home_cards(
    home, *, latest: int = 6, per_section: int = 4
) -> tuple[list[ArticlePage], list[tuple[SectionPage, list[ArticlePage]]]]:
    """The portal's latest articles, and each menu section of the home page with its own latest
    (one query beside the menu's, and the images' renditions when the cache lacks them)."""
    sections = list(nav_sections(home))
    by_path = {section.path: (section, []) for section in sections}
    depth = (sections[0].depth if sections else home.depth + 1) + 1
    newest_first = [F("shown_at").desc(nulls_last=True), F("pk").desc()]
    # Two numberings over one read: across the portal, and within each section for the
    # articles directly under a section (the start of their tree path), so that a busy section
    # never crowds a quiet one out and no more rows are read than are shown. Articles deeper
    # down share one partition: at most ``per_section`` of them are read besides the latest.
    in_section = Case(
        When(depth=depth, then=Substr("path", 1, (depth - 1) * ArticlePage.steplen)),
        default=Value(""),
    )
    rows = (
        _articles(with_images=False, cards=True)
        .descendant_of(home)
        .annotate(
            rank_overall=Window(RowNumber(), order_by=newest_first),
            rank_in_section=Window(RowNumber(), partition_by=[in_section], order_by=newest_first),
        )
        .filter(Q(rank_overall__lte=latest) | Q(rank_in_section__lte=per_section))
    )
    newest: list[ArticlePage] = []
    for article in rows:
        if article.rank_overall <= latest:
            newest.append(article)
        if article.depth == depth and article.rank_in_section <= per_section:
            entry = by_path.get(article.path[: -ArticlePage.steplen])
            if entry:
                entry[1].append(article)
    listed = [(section, articles) for section, articles in by_path.values() if articles]
    images = [a.image for a in newest if a.image_id]
    images += [a.image for _section, articles in listed for a in articles if a.image_id]
    prefetch_card_renditions(images)
    return newest, listed


def home_listings(home) -> dict:
    """What the home page lists: the latest articles, the most read, and each menu section's
    latest. The most read are read at once (one query); the latest and the sections' only when
    the page shows them afresh (congso/portal/templatetags/portal.py, ``home_listing``)."""
    cards: dict = {}

    def _cards() -> dict:
        if not cards:
            cards["latest"], cards["sections"] = home_cards(home)
        return cards

    return {
        "latest": SimpleLazyObject(lambda: _cards()["latest"]),
        "most_read": most_read_articles(home, limit=5, with_images=False, cards=True),
        "sections": SimpleLazyObject(lambda: _cards()["sections"]),
    }


def section_articles(section) -> QuerySet[ArticlePage]:
    return _articles().child_of(section)


def related_articles(article) -> list[ArticlePage]:
    """The live public articles an article links to, newest first (one query)."""
    if "related_links" in getattr(article, "_cluster_related_objects", {}):
        # a draft (preview): its links are in memory, not yet in the table
        linked = [link.article_id for link in article.related_links.all()]
    elif getattr(article, "has_related_links", True) is False:
        return []
    else:
        linked = ArticleRelatedLink.objects.filter(page_id=article.pk).values("article_id")
    return list(_articles().filter(pk__in=linked))


def portal_of_organisation(organisation) -> Portal | None:
    return Portal.objects.filter(organisation=organisation).select_related("site").first()


def visible_portals(user) -> QuerySet[Portal]:
    """Portals a user may see in the back office: those of the organisations of their scope,
    and those they edit or approve."""
    base = Portal.objects.select_related("organisation", "site")
    scope = user_scope(user)
    if scope.everything:
        return base
    memberships = PortalMember.objects.filter(person__user_id=user.pk).values("portal_id")
    return base.filter(organisation__in=scope.organisations.values("pk")) | base.filter(
        pk__in=memberships
    )
