"""The page types of a portal: its home, its sections (chuyên mục) and their articles.

Every page type of a portal derives from :class:`PortalPage`. Page types of other subjects
(introduction, legal documents, questions and answers…) live in their own modules of this
package, derive from :class:`PortalPage` and name :class:`HomePage` or :class:`SectionPage`
in their ``parent_page_types``.
"""

import functools

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction, Site
from wagtail.search import index

from congso.core.reading import read_once, request_only_reads

from ..blocks import ArticleBodyBlock
from ..blocks_home import HomeBlocksBlock

ARTICLES_PER_PAGE = 10


def active_workflow_states(page: Page) -> list:
    """The page's active workflow states with what the editor reads of them (task, workflow,
    requester, the page itself) in one query; their task lists are computed once."""
    states = list(
        page.workflow_states.active().select_related(
            "current_task_state__task__portalapprovaltask", "workflow", "requested_by"
        )
    )
    for state in states:
        state.content_object = page
        task_state = state.current_task_state
        if task_state is not None:
            task = task_state.task
            specific = getattr(task, "portalapprovaltask", None)
            if specific is not None:
                task.__dict__["specific"] = specific
        state.all_tasks_with_status = functools.cache(state.all_tasks_with_status)
        state.all_tasks_with_state = functools.cache(state.all_tasks_with_state)
    return states


class PortalPage(Page):
    """What every page of a portal has: an image for social networks (the SEO title and the
    description are Wagtail's), and its portal."""

    og_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image for social networks"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    promote_panels = [*Page.promote_panels, FieldPanel("og_image")]

    @classmethod
    def serve_queryset(cls):
        """The query that reads a page about to be served (congso/portal/routing.py), with
        what its template shows along."""
        return cls._default_manager.select_related("og_image")

    class Meta:
        abstract = True

    def kept_version(self) -> str | None:
        """What names the published state of this page for the parts of its template kept in
        the cache (``{% kept %}``, congso/portal/templatetags/portal.py), or None when they are
        rendered afresh: a page the public router did not read from the database for this
        request (a preview, a revision, a page built in memory), a page that is not live, or
        one in a private part of its site (never kept, whoever may see it)."""
        from ..selectors import is_private

        if not getattr(self, "_read_to_serve", False) or not self.live or is_private(self):
            return None
        # a publication renews the generation the parts are kept under too: these also change
        # when the page's row is written otherwise (the date an import gives an article)
        stamps = (self.last_published_at, self.first_published_at)
        times = ".".join(str(stamp.timestamp()) if stamp else "-" for stamp in stamps)
        return f"{self.pk}.{self.live_revision_id}.{times}"

    def get_view_restrictions(self):
        # Wagtail reads the page's ancestors, then their restrictions, on every view: when no
        # page of any site is private (the common case), the one read of all restrictions that
        # the listings share answers without either.
        from ..selectors import view_restrictions

        if not view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @property
    def current_workflow_state(self):
        # Wagtail reads it afresh on each use: the page editor asks a dozen times.
        if not hasattr(self, "_current_workflow_states") and request_only_reads():
            self._current_workflow_states = active_workflow_states(self)
        return super().current_workflow_state

    @property
    def has_workflow(self):
        if not request_only_reads():
            return super().has_workflow
        if not hasattr(self, "_has_workflow"):
            self._has_workflow = super().has_workflow
        return self._has_workflow

    def get_url_parts(self, request=None):
        # ``page.url``, asked twice by an explorer row's buttons, compares the page's path with
        # the root path of each of the 151 sites; kept on the page for a request that only reads.
        if request is not None or not request_only_reads():
            return super().get_url_parts(request)
        if "_url_parts" not in self.__dict__:
            self.__dict__["_url_parts"] = super().get_url_parts()
        return self.__dict__["_url_parts"]

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        # ``page.url`` asks without the request, and Wagtail then keeps the sites' root paths on
        # the page: the explorer's buttons ask it of each of its 50 rows, each a read of the
        # cache unpickling the 151 sites' paths. Read once for the rest of a GET.
        if cache_object is None and not kwargs and request_only_reads():
            if not hasattr(self, "_wagtail_cached_site_root_paths"):
                self._wagtail_cached_site_root_paths = read_once(
                    "wagtail_site_root_paths", Site.get_site_root_paths
                )
            return self._wagtail_cached_site_root_paths
        return super()._get_site_root_paths(cache_object, **kwargs)

    def get_portal(self, request=None):
        """The :class:`~congso.portal.models.Portal` this page belongs to (cached on the page
        and, when given, on the request)."""
        cached = getattr(self, "_portal", None)
        if cached is not None:
            return cached
        from .sites import Portal

        portal = getattr(request, "_congso_portal", None) if request is not None else None
        if portal is None or not self.path.startswith(portal.site.root_page.path):
            site = self.get_site()
            portal = (
                Portal.objects.select_related("organisation", "site__root_page")
                .filter(site=site)
                .first()
                if site
                else None
            )
            if request is not None and portal is not None:
                request._congso_portal = portal
        self._portal = portal
        return portal

    def get_social_image(self):
        return self.og_image

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        portal = self.get_portal(request)
        context["portal"] = portal
        home = portal.site.root_page if portal else None
        context["home"] = home
        if home is not None:
            from ..selectors import nav_sections

            context["nav_sections"] = [
                (section, self.path.startswith(section.path)) for section in nav_sections(home)
            ]
        return context


class HomePage(PortalPage):
    """The home page of a portal: the root page of its site."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    home_blocks = StreamField(HomeBlocksBlock(), verbose_name=_("banners and links"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("home_blocks")]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("portal home page")
        verbose_name_plural = _("portal home pages")

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        from ..routing import route_below

        return route_below(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import home_listings

        context = super().get_context(request, *args, **kwargs)
        context.update(home_listings(self))
        return context


class SectionPage(PortalPage):
    """A section (chuyên mục): a paginated listing of its articles, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import section_articles

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(section_articles(self), ARTICLES_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        context["articles"] = page
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(PortalPage):
    """A news article: title, lead (sapo), body, author and source, date and time of
    publication, tags, related articles and a view count."""

    lead = models.TextField(_("lead"), help_text=_("The summary printed in bold under the title."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("illustration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in listings and on the home page."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    published_at = models.DateTimeField(
        _("date and time of publication"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Shown on the article; empty: when it is first published."),
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, verbose_name=_("tags"), blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("source"), FieldPanel("published_at")],
            heading=_("Author, source and date"),
        ),
        FieldPanel("tags"),
        InlinePanel("related_links", label=_("Related articles")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("published_at"),
    ]

    parent_page_types = ["portal.SectionPage"]
    subpage_types = []

    @classmethod
    def serve_queryset(cls):
        # most articles link to no other: then no query reads their related articles
        links = ArticleRelatedLink.objects.filter(page_id=models.OuterRef("pk"))
        return cls._default_manager.select_related("og_image", "image").annotate(
            has_related_links=models.Exists(links)
        )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def shown_date(self):
        """The date and time the article carries: its own, else its first publication."""
        return self.published_at or self.first_published_at or timezone.now()

    def kept_version(self) -> str | None:
        if self.published_at is None and self.first_published_at is None:
            return None  # its date is the time of the request
        return super().kept_version()

    def get_context(self, request, *args, **kwargs):
        from ..selectors import related_articles

        context = super().get_context(request, *args, **kwargs)
        context["related"] = related_articles(self)
        # read only when the article's text is rendered, not when the cache holds it
        context["tags"] = SimpleLazyObject(lambda: list(self.tags.all()))
        return context


class ArticleRelatedLink(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    article = models.ForeignKey(
        ArticlePage,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("article", "portal.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")
