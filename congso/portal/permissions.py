"""Page permissions of the portals, with a constant number of queries whatever their number.

Stock Wagtail keeps page permissions as group rows (``GroupPagePermission``): one group per
portal's editors and one per board, and a province user who belongs to the boards of 150
portals carries 150 rows, each adding an OR to the explorer's query. Here:

- province staff hold their rights once, as group rows on the root page above every portal's
  home (the role ``portal_admin``);
- the editors and the board of a portal are rows of :class:`~congso.portal.models.PortalMember`,
  read with one query and turned into the same permissions on that portal's home page only.

:class:`PortalPagePermissionPolicy` is installed in place of Wagtail's page permission policy
(the instance every part of Wagtail imports keeps its identity: only its class changes).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.models import GroupPagePermission
from wagtail.permission_policies.pages import PagePermissionPolicy

#: what each membership may do on its portal's pages
MEMBER_ACTIONS = {
    "editor": ("add", "change", "lock"),
    "board": ("add", "change", "publish", "lock", "unlock"),
}
#: what province staff (role ``portal_admin``) may do on every portal, held at the root
ADMIN_ACTIONS = ("add", "change", "publish", "lock", "unlock", "bulk_delete")

_UNSAVED_PERMISSIONS: dict[str, Permission] = {}


def _permission(action: str) -> Permission:
    codename = f"{action}_page"
    if codename not in _UNSAVED_PERMISSIONS:
        _UNSAVED_PERMISSIONS[codename] = Permission(codename=codename, name=codename)
    return _UNSAVED_PERMISSIONS[codename]


class PortalPagePermissionPolicy(PagePermissionPolicy):
    def get_all_permissions_for_user(self, user):
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return []
        from .models import PortalMember

        granted = list(super().get_all_permissions_for_user(user))
        memberships = PortalMember.objects.filter(person__user_id=user.pk).select_related(
            "portal__site__root_page"
        )
        for membership in memberships:
            home = membership.portal.site.root_page
            for action in MEMBER_ACTIONS[membership.role]:
                granted.append(GroupPagePermission(page=home, permission=_permission(action)))
        return granted

    def _members_with(self, actions, pages=None) -> Q:
        from .models import PortalMember

        roles = [role for role, allowed in MEMBER_ACTIONS.items() if set(actions) & set(allowed)]
        members = PortalMember.objects.filter(role__in=roles)
        if pages is not None:
            members = members.filter(portal__site__root_page__in=pages)
        return Q(pk__in=members.values("person__user_id"))

    def users_with_any_permission(self, actions, include_superusers=True):
        stock = super().users_with_any_permission(actions, include_superusers)
        return (
            get_user_model()
            ._default_manager.filter(is_active=True)
            .filter(Q(pk__in=stock.values("pk")) | self._members_with(actions))
        )

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        stock = super().users_with_any_permission_for_instance(
            actions, instance, include_superusers
        )
        ancestors = instance.get_ancestors(inclusive=True)
        return (
            get_user_model()
            ._default_manager.filter(is_active=True)
            .filter(Q(pk__in=stock.values("pk")) | self._members_with(actions, ancestors))
        )


def install() -> None:
    """Give Wagtail's page permission policy (the registered instance) our class."""
    from wagtail import permissions

    permissions.page_permission_policy.__class__ = PortalPagePermissionPolicy


def ensure_portal_permissions() -> None:
    """Grant province staff (role ``portal_admin``) their page rights once, on the root page
    above every portal, and give the portal roles the images and documents of the root
    collection (idempotent)."""
    from wagtail.models import Collection, GroupCollectionPermission, Page

    from congso.core.roles import ensure_roles

    from .roles import MEDIA_ROLES

    groups = ensure_roles()
    root = Page.get_first_root_node()
    if root is not None:
        wanted = {f"{action}_page" for action in ADMIN_ACTIONS}
        page_perms = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=wanted
        )
        for permission in page_perms:
            GroupPagePermission.objects.get_or_create(
                group=groups["portal_admin"], page=root, permission=permission
            )
    collection = Collection.get_first_root_node()
    if collection is not None:
        media = Permission.objects.filter(
            content_type__app_label__in=("wagtailimages", "wagtaildocs"),
            codename__in=(
                "add_image",
                "change_image",
                "choose_image",
                "add_document",
                "change_document",
                "choose_document",
            ),
        )
        for key in MEDIA_ROLES:
            for permission in media:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[key], collection=collection, permission=permission
                )
