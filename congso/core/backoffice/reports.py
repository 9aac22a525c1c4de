"""Wagtail's site-history report, scoped: a user who is no superuser sees the log entries of
the objects that the ``visible`` selectors of the registered scoped viewsets return to them,
and no one else's. Wagtail's own filter lets anyone holding any permission on a model read
every change of every row of it, and who made it."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.coreutils import get_content_type_label
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from .buttons import esc, human_date_html
from .viewsets import scoped_viewsets


def scoped_log_entries(queryset, user):
    """``queryset`` of a log model narrowed to what ``user`` may see. Page entries keep
    Wagtail's page permissions; entries of other models are those of objects in the user's
    scope, and of no model that no scoped viewset shows."""
    if user.is_superuser or queryset.model is not ModelLogEntry:
        return queryset
    selectors = defaultdict(list)
    for viewset in scoped_viewsets():
        selectors[viewset.model].append(viewset.visible)
    # Wagtail's ``viewable_by_user`` keeps only the content types the user holds a permission
    # on, and leaves their ids on the user: a selector of another type could match no entry,
    # and each one is a subquery compiled and run with the whole report (27 of them, where a
    # portal's board member holds rights on two types).
    allowed = getattr(user, "_allowed_content_type_ids", None)
    condition = Q(pk__in=[])
    for model, visibles in selectors.items():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        if allowed is not None and content_type.pk not in allowed:
            continue
        for visible in visibles:
            ids = visible(user).annotate(_log_object_id=Cast("pk", CharField()))
            condition |= Q(content_type=content_type, object_id__in=ids.values("_log_object_id"))
    return queryset.filter(condition)


def visible_log_entries(log_model, user):
    """The entries of ``log_model`` that ``user`` may see, built once per request: the
    report's listing and its three filters all start from it, and building it (the user's page
    permissions, the scoped selectors) costs more than running it."""
    memo = user.__dict__.setdefault("_visible_log_entries", {})
    if log_model not in memo:
        memo[log_model] = scoped_log_entries(log_model.objects.viewable_by_user(user), user)
    return memo[log_model]


def history_facets(user) -> dict[str, set]:
    """The actions, users and object types of the log entries ``user`` may see, for the site
    history's three filters: one query per log model, kept on the user for the request. Wagtail
    asks each filter apart, a query per log model each, each with the user's page permissions
    and scope built anew."""
    facets = getattr(user, "_site_history_facets", None)
    if facets is not None:
        return facets
    facets = {"actions": set(), "user_ids": set(), "content_type_ids": set()}
    page_type = ContentType.objects.get_for_model(Page)
    for log_model in log_action_registry.get_log_entry_models():
        rows = (
            visible_log_entries(log_model, user)
            .order_by()
            .values_list("action", "user_id", "content_type_id")
            .distinct()
        )
        for action, user_id, content_type_id in rows:
            facets["actions"].add(action)
            facets["user_ids"].add(user_id)
            # Wagtail lists the pages of every type under one type, "Page"
            is_page = issubclass(log_model, PageLogEntry)
            facets["content_type_ids"].add(page_type.pk if is_page else content_type_id)
    user._site_history_facets = facets
    return facets


def _content_types(request):
    ids = history_facets(request.user)["content_type_ids"]
    return ContentType.objects.filter(pk__in=ids).order_by("model")


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """Wagtail's filters of the site history, their choices those of the entries the reader may
    see: who changed it, what was done, to what type of object."""

    object_type = ContentTypeFilter(
        label=_("Type"),
        method="filter_object_type",
        queryset=_content_types,
    )

    # Wagtail 8's history filters take their users from get_users_queryset(), which would
    # list everyone who ever changed anything; get_user_choices() is its older name
    def get_users_queryset(self):
        return self.get_user_choices()

    def get_user_choices(self):
        User = get_user_model()
        ids = history_facets(self.request.user)["user_ids"]
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)

    def get_action_choices(self):
        actions = history_facets(self.request.user)["actions"]
        return [choice for choice in log_action_registry.get_choices() if choice[0] in actions]


def history_row_html(entry, edit_title: str) -> str:
    """A row of the site history as ``wagtailadmin/reports/site_history_results.html`` writes it,
    with its avatar and date (``user_avatar.html``, ``avatar.html``,
    ``human_readable_date.html``): three template renders per row, fifty rows a page, were a
    third of the report's rendering. A test compares the two."""
    label = esc(entry.label)
    if entry.edit_url:
        label = f'<a href="{esc(entry.edit_url)}" title="{esc(edit_title)}">{label}</a>'
    user = entry.user
    name = entry.user_display_name or user
    return (
        f'<tr>\n<td class="title">\n{label}\n</td>\n'
        f"<td>\n{esc(get_content_type_label(entry.content_type))}\n</td>\n"
        f"<td>\n{esc(entry.message)}\n</td>\n"
        f'<td>\n<span\nclass="avatar small"\n>\n'
        f'<img src="{esc(avatar_url(user, size=25))}" alt="" decoding="async" loading="lazy"/>\n'
        f"</span>\n{esc(name)}\n</td>\n"
        f'<td class="updated">\n{human_date_html(entry.timestamp)}</td>\n</tr>\n'
    )


class ScopedLogEntriesView(LogEntriesView):
    filterset_class = ScopedSiteHistoryFilterSet
    results_template_name = "congso/backoffice/site_history_results.html"

    def render_to_response(self, context, **response_kwargs):
        if not self.is_export:
            edit_title = gettext("Edit this item")
            context["rows_html"] = mark_safe(  # every value is escaped
                "".join(history_row_html(entry, edit_title) for entry in context["object_list"])
            )
        return super().render_to_response(context, **response_kwargs)

    def get_filtered_queryset(self):
        # Wagtail's union of the log models' entries, each model's taken from the scoped
        # entries (``visible_log_entries``) rather than from ``viewable_by_user`` alone
        self.log_models = list(log_action_registry.get_log_entry_models())
        queryset = None
        for index, log_model in enumerate(self.log_models):
            entries = (
                visible_log_entries(log_model, self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            entries = self.filter_queryset(entries).order_by()
            queryset = entries if queryset is None else queryset.union(entries, all=True)
        return queryset.order_by("-timestamp")

    def decorate_paginated_queryset(self, queryset):
        """The page's entries in order, each with its object's edit address. Wagtail reads each
        page type's pages whole, its body among them, to ask whether the reader may edit it;
        the base page's row answers that, for every type in one query."""
        rows = list(queryset)
        pks_by_index = defaultdict(list)
        for row in rows:
            pks_by_index[row["log_model_index"]].append(row["pk"])
        entries = {}
        for index, pks in pks_by_index.items():
            for entry in (
                self.log_models[index]
                .objects.filter(pk__in=pks)
                .select_related("user", "user__wagtail_userprofile", "content_type")
            ):
                entries[index, entry.pk] = entry
        pages, others = _instances(entries.values())
        finder = AdminURLFinder(self.request.user)
        for entry in entries.values():
            if isinstance(entry, PageLogEntry):
                instance = pages.get(entry.page_id)
            else:
                instance = others.get((entry.content_type_id, entry.object_id))
            entry.edit_url = finder.get_edit_url(instance) if instance is not None else None
        return [entries[row["log_model_index"], row["pk"]] for row in rows]


def _instances(entries) -> tuple[dict, dict]:
    """The logged objects: the pages as base pages by id, in one query; the other objects
    keyed by (content type id, id as text), one query per model."""
    page_ids, object_ids = set(), defaultdict(set)
    for entry in entries:
        if isinstance(entry, PageLogEntry):
            page_ids.add(entry.page_id)
        else:
            object_ids[entry.content_type_id].add(entry.object_id)
    pages = Page.objects.in_bulk(page_ids) if page_ids else {}
    others = {}
    for content_type_id, ids in object_ids.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a model since removed: no address to give
            continue
        for pk, instance in model._default_manager.in_bulk(list(ids)).items():
            others[content_type_id, str(pk)] = instance
    return pages, others


def site_history_urls(admin_prefix: str = "admin/") -> list:
    """The scoped report at Wagtail's own address; the project's URLs list these before the
    admin's, which would otherwise answer first (``register_admin_urls`` comes after them)."""
    from django.urls import path
    from django.views.decorators.cache import never_cache
    from wagtail.admin.auth import require_admin_access

    def wrap(view):
        return never_cache(require_admin_access(view))

    return [
        path(f"{admin_prefix}reports/site-history/", wrap(ScopedLogEntriesView.as_view())),
        path(
            f"{admin_prefix}reports/site-history/results/",
            wrap(ScopedLogEntriesView.as_view(results_only=True)),
        ),
    ]
