"""Reads of the portals: what a page lists, which portal a user may reach. Each is a constant
number of queries, whatever the number of articles or portals."""

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from congso.directory.selectors import user_scope

from .models import ArticlePage, Portal, PortalMember, SectionPage


def _articles() -> QuerySet[ArticlePage]:
    return (
        ArticlePage.objects.live()
        .public()
        .annotate(shown_at=Coalesce("published_at", "first_published_at"))
        .order_by(F("shown_at").desc(nulls_last=True), "-pk")
        .select_related("image")
        .prefetch_related("image__renditions")
    )


def nav_sections(home) -> list[SectionPage]:
    """The sections of a portal's menu: the home page's live sections shown in menus (kept in
    the cache until the next publication on the site)."""
    from .cache import per_site

    return per_site(
        home,
        "nav",
        lambda: list(SectionPage.objects.live().public().child_of(home).filter(show_in_menus=True)),
    )


def latest_articles(home, *, limit: int = 6) -> list[ArticlePage]:
    return list(_articles().descendant_of(home)[:limit])


def most_read_articles(home, *, limit: int = 5) -> list[ArticlePage]:
    """The portal's articles read most, by the view counter's running totals (one query)."""
    return list(
        _articles()
        .descendant_of(home)
        .filter(view_count__gt=0)
        .order_by("-view_count", F("shown_at").desc(nulls_last=True), "-pk")[:limit]
    )


def home_sections(home, *, per_section: int = 4) -> list[tuple[SectionPage, list[ArticlePage]]]:
    """Each menu section of the home page with its latest articles (two queries)."""
    sections = list(nav_sections(home))
    if not sections:
        return []
    by_path = {section.path: (section, []) for section in sections}
    depth = sections[0].depth + 1
    # The newest articles two levels under the home page, shared out among its sections.
    recent = _articles().descendant_of(home).filter(depth=depth)[: per_section * len(sections) * 3]
    for article in recent:
        entry = by_path.get(article.path[: -ArticlePage.steplen])
        if entry and len(entry[1]) < per_section:
            entry[1].append(article)
    return [(section, articles) for section, articles in by_path.values() if articles]


def section_articles(section) -> QuerySet[ArticlePage]:
    return _articles().child_of(section)


def related_articles(article) -> list[ArticlePage]:
    ids = [link.article_id for link in article.related_links.all()]
    if not ids:
        return []
    return list(_articles().filter(pk__in=ids))


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
