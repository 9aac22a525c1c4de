"""One approval task for every portal: the editorial board of the page's own portal approves.

Stock Wagtail approves through a group per task, so 150 portals need 150 tasks and groups,
and a reviewer's dashboard asks each task in turn (``TaskState.reviewable_by``). This task
asks the page permission policy instead: whoever may publish the page (its portal's board, or
province staff who hold publishing at the root above every portal) reviews it, and the states a
user may moderate are found with one query whatever the number of portals."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState


def _publish_perms(user) -> list:
    from wagtail.permissions import page_permission_policy

    return [
        perm
        for perm in page_permission_policy.get_cached_permissions_for_user(user)
        if perm.permission.codename == "publish_page"
    ]


def _publish_roots(user) -> list[Page]:
    return [perm.page for perm in _publish_perms(user)]


def can_review(page, user) -> bool:
    """Whether ``user`` reviews ``page`` (no query once the user's permissions are cached)."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not isinstance(page, Page):
        return False
    return any(page.path.startswith(root.path) for root in _publish_roots(user))


class PortalApprovalTask(Task):
    """Approval by the editorial board (Ban biên tập) of the page's own portal."""

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("Editorial board approval")
        verbose_name_plural = _("Editorial board approvals")

    def user_can_access_editor(self, obj, user):
        return can_review(obj, user)

    def locked_for_user(self, obj, user):
        return not can_review(obj, user)

    def user_can_lock(self, obj, user):
        return can_review(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if can_review(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if not user.is_active:
            return TaskState.objects.none()
        if user.is_superuser:
            return states
        roots = _publish_roots(user)
        if not roots:
            return TaskState.objects.none()
        if any(root.depth == 1 for root in roots):
            return states
        from ..permissions import path_under_any

        under = path_under_any(root.path for root in roots)
        page_ids = Page.objects.filter(under).annotate(key=Cast("pk", CharField())).values("key")
        return states.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id__in=page_ids,
        )

    @classmethod
    def get_description(cls):
        return _(
            "The editorial board of the page's own portal approves; province staff who may "
            "publish every portal approve too"
        )
