"""Reads of the portals: what a page lists, which portal a user may reach. Each is a constant
number of queries, whatever the number of articles or portals."""

from django.db.models import F, Q, QuerySet, Window, prefetch_related_objects
from django.db.models.functions import Coalesce, RowNumber, Substr
from django.utils.functional import SimpleLazyObject
from wagtail.models import PageViewRestriction

from congso.core.reading import read_once
from congso.directory.selectors import user_scope

from .models import ArticlePage, ArticleRelatedLink, Portal, PortalMember, SectionPage


def view_restrictions() -> list[tuple[str, int]]:
    """The tree path and depth of every page of every site that has a view restriction (one
    query, once per request: the page served and each of its listings ask)."""
    return read_once(
        "portal:view_restrictions",
        lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth")),
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


def prefetch_renditions(*listings) -> None:
    """The renditions of the images of several listings' articles, in one query."""
    images = [a.image for articles in listings for a in articles if a.image_id]
    if images:
        prefetch_related_objects(images, "renditions")


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


def latest_articles(
    home, *, limit: int = 6, with_images: bool = True, cards: bool = False
) -> list[ArticlePage]:
    return list(_articles(with_images=with_images, cards=cards).descendant_of(home)[:limit])


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


def home_sections(
    home, *, per_section: int = 4, with_images: bool = True, cards: bool = False
) -> list[tuple[SectionPage, list[ArticlePage]]]:
    """Each menu section of the home page with its latest articles (two queries)."""
    sections = list(nav_sections(home))
    if not sections:
        return []
    by_path = {section.path: (section, []) for section in sections}
    depth = sections[0].depth + 1
    # The newest articles of each section directly under the home page: numbered within their
    # section (the start of their tree path), newest first, so that a busy section never
    # crowds a quiet one out and no more rows are read than are shown.
    recent = (
        _articles(with_images=with_images, cards=cards)
        .descendant_of(home)
        .filter(depth=depth)
        .annotate(
            rank_in_section=Window(
                RowNumber(),
                partition_by=Substr("path", 1, (depth - 1) * ArticlePage.steplen),
                order_by=[F("shown_at").desc(nulls_last=True), F("pk").desc()],
            )
        )
        .filter(rank_in_section__lte=per_section)
    )
    for article in recent:
        entry = by_path.get(article.path[: -ArticlePage.steplen])
        if entry:
            entry[1].append(article)
    return [(section, articles) for section, articles in by_path.values() if articles]


def home_listings(home) -> dict:
    """What the home page lists: the latest articles, the most read, and each menu section's
    latest. The most read are read at once (one query); the latest and the sections' only when
    the page shows them afresh (congso/portal/templatetags/portal.py, ``home_listing``): three
    queries then, the images' renditions read once for both."""
    cards: dict = {}

    def _cards() -> dict:
        if not cards:
            latest = latest_articles(home, limit=6, with_images=False, cards=True)
            sections = home_sections(home, per_section=4, with_images=False, cards=True)
            prefetch_renditions(latest, *(articles for _section, articles in sections))
            cards.update(latest=latest, sections=sections)
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
