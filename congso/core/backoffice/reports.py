"""Wagtail's site-history report, scoped: a user who is no superuser sees the log entries of
the objects that the ``visible`` selectors of the registered scoped viewsets return to them,
and no one else's. Wagtail's own filter lets anyone holding any permission on a model read
every change of every row of it, and who made it."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry, Page, PageLogEntry

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
        visible = scoped_log_entries(log_model.objects.viewable_by_user(user), user)
        rows = visible.order_by().values_list("action", "user_id", "content_type_id").distinct()
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


class ScopedLogEntriesView(LogEntriesView):
    filterset_class = ScopedSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        return super().filter_queryset(scoped_log_entries(queryset, self.request.user))


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
