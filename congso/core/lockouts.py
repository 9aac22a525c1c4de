"""Back office of sign-in lockouts (Settings › Sign-in lockouts): superusers see the failures
axes recorded and unlock an account."""

from datetime import timedelta

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from congso.core.services import lockout_reset


class SuperuserViewPolicy(BasePermissionPolicy):
    """Only superusers, and only to look: records are made by axes, removed by unlocking."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


register_permission_policy(AccessAttempt, SuperuserViewPolicy(AccessAttempt), exact_class=True)


class LockedUntilColumn(Column):
    def get_value(self, instance):
        limit = get_failure_limit(None, None)
        if instance.failures_since_start < limit:
            return gettext("not locked")
        until = instance.attempt_time + (get_cool_off() or timedelta(0))
        if until <= timezone.now():
            return gettext("not locked")
        return timezone.localtime(until).strftime("%H:%M %d/%m/%Y")


class UnlockColumn(Column):
    cell_template_name = "core/unlock_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["request"] = parent_context.get("request")
        return context


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = _("Sign-in lockouts")
    add_to_settings_menu = True
    url_prefix = "lockouts"
    name = "lockouts"
    inspect_view_enabled = False
    copy_view_enabled = False
    ordering = ["-attempt_time"]
    search_fields = ["username", "ip_address"]
    list_filter = []
    list_export = []
    form_fields = ["username"]  # never shown: there is no add or edit for anyone

    @property
    def list_display(self):
        return [
            Column("username", label=_("login name")),
            Column("ip_address", label=_("address")),
            Column("failures_since_start", label=_("failed attempts")),
            DateColumn("attempt_time", label=_("last attempt")),
            LockedUntilColumn("locked_until", label=_("locked until")),
            UnlockColumn("unlock", label=""),
        ]

    def get_permissions_to_register(self):
        # Nothing for a group to be given: only superusers unlock. A queryset, not a list: the
        # group form joins every hook's answer with ``|``.
        from django.contrib.auth.models import Permission

        return Permission.objects.none()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("unlock/<int:pk>/", require_POST(self.unlock_view), name="unlock"),
        ]

    def unlock_view(self, request, pk):
        if not SuperuserViewPolicy(AccessAttempt).user_has_permission(request.user, "view"):
            raise PermissionDenied
        attempt = get_object_or_404(AccessAttempt, pk=pk)
        lockout_reset(user=request.user, attempt=attempt)
        messages.success(
            request,
            gettext("%(name)s may sign in again.")
            % {"name": attempt.username or attempt.ip_address},
        )
        return redirect(self.get_url_name("index"))


lockout_viewset = LockoutViewSet()
