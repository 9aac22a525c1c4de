"""One search box for the whole back office: each app registers what it lets people find
(``register_searchable``) and the search shows, grouped by kind, what the user may reach.

Each kind costs one bounded query (``PER_KIND`` + 1 rows, no count), so a search costs the same
whatever the tables hold and however many match."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_str
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.search import SearchArea
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from congso.core.search import MAX_LENGTH, folded_search, query_words, search_rank

#: rows shown of each kind; the rest are one click away in the kind's own listing
PER_KIND = 10


@dataclass
class Searchable:
    model: type[Model]
    visible: Callable
    label: str
    #: the URL of one result for this user (its edit form, or its page)
    url: Callable[[Model, object], str | None]
    index_url_name: str | None = None
    search_field: str = "search_text"
    order_by: tuple[str, ...] = ("sort_name", "pk")
    select_related: tuple[str, ...] = ()
    describe: Callable[[Model], str] | None = None
    permissions: tuple[str, ...] = ()

    def allowed(self, user) -> bool:
        return not self.permissions or any(user.has_perm(p) for p in self.permissions)

    def results(self, user, query: str, limit: int) -> list[Model]:
        queryset: QuerySet = folded_search(self.visible(user), query, self.search_field)
        queryset = queryset.select_related(*self.select_related)
        rank = search_rank(self.search_field, query)
        return list(queryset.annotate(_rank=rank).order_by("_rank", *self.order_by)[:limit])


_registry: list[Searchable] = []


def _viewset_url(viewset) -> Callable[[Model, object], str | None]:
    def url(obj, user):
        editable = not getattr(viewset, "read_only", False) and user.has_perm(
            f"{obj._meta.app_label}.change_{obj._meta.model_name}"
        )
        try:
            view = "edit" if editable else "inspect"
            return reverse(f"{viewset.name}:{view}", args=[obj.pk])
        except NoReverseMatch:
            return None

    return url


def register_searchable(
    target,
    *,
    visible: Callable | None = None,
    field: str | None = None,
    label=None,
    url: Callable[[Model, object], str | None] | None = None,
    order_by: tuple[str, ...] | None = None,
    select_related: tuple[str, ...] = (),
    describe: Callable[[Model], str] | None = None,
) -> Searchable:
    """Make a viewset's objects (or a model's, with ``visible`` and ``url``) findable from the
    back office's search. ``visible`` (the user's scope) defaults to the viewset's."""
    # a viewset (class or instance) names its model, its scope and its URLs
    is_viewset = hasattr(target, "get_url_name")
    model = target.model if is_viewset else target
    meta = model._meta
    if is_viewset:
        index_view = getattr(target, "index_view_class", None)
        field = field or getattr(index_view, "search_field", None)
        visible = visible or target.visible
        url = url or _viewset_url(target)
    if visible is None or url is None:
        raise ValueError(f"register_searchable({meta.label}) needs `visible` and `url`")
    searchable = Searchable(
        model=model,
        visible=visible,
        label=label or capfirst(meta.verbose_name_plural),
        url=url,
        index_url_name=f"{target.name}:index" if is_viewset else None,
        search_field=field or "search_text",
        order_by=order_by or ("sort_name", "pk"),
        select_related=select_related,
        describe=describe,
        permissions=tuple(
            f"{meta.app_label}.{action}_{meta.model_name}" for action in ("view", "change", "add")
        ),
    )
    _registry[:] = [s for s in _registry if s.model is not model] + [searchable]
    return searchable


@dataclass
class Result:
    title: str
    url: str | None
    detail: str = ""


@dataclass
class Group:
    label: str
    results: list[Result]
    more_url: str | None = None


def search_everything(user, query: str | None, per_kind: int = PER_KIND) -> list[Group]:
    """What ``user`` may reach that matches ``query``, grouped by kind, each kind bounded."""
    query = (query or "")[:MAX_LENGTH]
    if not query_words(query):
        return []
    groups = []
    for searchable in _registry:
        if not searchable.allowed(user):
            continue
        found = searchable.results(user, query, per_kind + 1)
        if not found:
            continue
        more_url = None
        if len(found) > per_kind and searchable.index_url_name:
            more_url = reverse(searchable.index_url_name) + "?" + urlencode({"q": query})
        groups.append(
            Group(
                label=force_str(searchable.label),
                results=[
                    Result(
                        title=str(obj),
                        url=searchable.url(obj, user),
                        detail=searchable.describe(obj) if searchable.describe else "",
                    )
                    for obj in found[:per_kind]
                ],
                more_url=more_url,
            )
        )
    return groups


class SearchView(LoginRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "congso/backoffice/search.html"
    page_title = _("Search")
    header_icon = "search"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context.update(query=query, groups=search_everything(self.request.user, query))
        return context


class EverythingSearchArea(SearchArea):
    """Wagtail's own search box (the sidebar, the other-searches tabs) leads here first."""

    def __init__(self):
        super().__init__(
            _("Everything you can see"),
            reverse("congso_search"),
            name="everything",
            icon_name="search",
            order=10,
        )
