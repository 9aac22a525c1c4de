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
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from wagtail.models import GroupPagePermission, Page, PagePermissionTester
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
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
    return _permission_named(f"{action}_page")


def memberships_of(user) -> list:
    """The user's portal memberships with their portals' homes and collections, read once per
    request (kept on the user object) for pages, images and documents alike."""
    if not hasattr(user, "_portal_memberships"):
        from .models import PortalMember

        user._portal_memberships = list(
            PortalMember.objects.filter(person__user_id=user.pk).select_related(
                "portal__site__root_page", "portal__collection"
            )
        )
    return user._portal_memberships


def _permission_named(codename: str) -> Permission:
    if codename not in _UNSAVED_PERMISSIONS:
        _UNSAVED_PERMISSIONS[codename] = Permission(codename=codename, name=codename)
    return _UNSAVED_PERMISSIONS[codename]


class PortalPagePermissionPolicy(PagePermissionPolicy):
    def get_all_permissions_for_user(self, user):
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return []

        granted = list(super().get_all_permissions_for_user(user))
        memberships = memberships_of(user)
        held = {(perm.page.path, perm.permission.codename) for perm in granted}
        for membership in memberships:
            home = membership.portal.site.root_page
            for action in MEMBER_ACTIONS[membership.role]:
                codename = f"{action}_page"
                # A right held on an ancestor (province staff, at the root) covers this one.
                if any(
                    home.path.startswith(path)
                    for path, held_codename in held
                    if held_codename == codename
                ):
                    continue
                perm = GroupPagePermission(page=home, permission=_permission(action))
                perm.from_membership = True
                granted.append(perm)
        return granted

    # The two queries below are where stock Wagtail adds one OR per permission row: for the
    # rights coming from memberships, one EXISTS over the memberships replaces them, whatever
    # their number (every portal's home page is a child of the root).

    def instances_user_has_any_permission_for(self, user, actions):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        manager = self.model._default_manager
        pages = manager.none()
        codenames = self._get_permission_codenames(actions)
        add = self._get_permission_codename("add")
        member_codenames = set()
        for perm in self.get_cached_permissions_for_user(user):
            codename = perm.permission.codename
            if getattr(perm, "from_membership", False):
                member_codenames.add(codename)
            elif codename == add and "add" not in actions and "change" in actions:
                pages |= manager.descendant_of(perm.page, inclusive=True).filter(owner=user)
            elif codename in codenames:
                pages |= manager.descendant_of(perm.page, inclusive=True)
        actions_of_members = {codename.rsplit("_", 1)[0] for codename in member_codenames}
        if actions_of_members & set(actions):
            pages |= manager.filter(member_pages(user, set(actions)))
        return pages

    def explorable_instances(self, user):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        explorable = self.instances_user_has_any_permission_for(
            user, {"add", "change", "publish", "lock", "unlock", "bulk_delete"}
        )
        perms = self.get_cached_permissions_for_user(user)
        manager = self.model._default_manager
        ancestors = Q()
        for path in {perm.page.path for perm in perms if not getattr(perm, "from_membership", 0)}:
            ancestors |= Q(
                path__in=[
                    path[:end] for end in range(self.model.steplen, len(path), self.model.steplen)
                ]
            )
        if any(getattr(perm, "from_membership", False) for perm in perms):
            ancestors |= Q(depth=1)  # the root above every portal's home
        if ancestors:
            explorable |= manager.filter(ancestors)
        if not perms:
            return explorable
        common = self.model.base_page_model.objects.first_common_ancestor_of(
            [perm.page for perm in perms]
        )
        return explorable.filter(path__startswith=common.path)

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


def member_pages(user, actions: set[str] | None = None) -> Q:
    """Pages under the home page of a portal ``user`` is a member of (with a role allowing one of
    ``actions``): one EXISTS, whatever the number of memberships."""
    from .models import PortalMember

    roles = [
        role
        for role, allowed in MEMBER_ACTIONS.items()
        if actions is None or set(actions) & set(allowed)
    ]
    steplen = Page.steplen
    memberships = PortalMember.objects.filter(
        person__user_id=user.pk,
        role__in=roles,
        portal__site__root_page__path=Substr(OuterRef("path"), 1, 2 * steplen),
    )
    return Q(depth__gte=2) & Exists(memberships)


class PortalPagePermissionTester(PagePermissionTester):
    def can_delete(self, ignore_bulk=False):
        # Wagtail asks the database whether a page has live descendants, on every row of the
        # explorer, to tell an editor without publishing rights that a page cannot be deleted;
        # a page that is live itself answers without asking.
        if (
            self.user.is_active
            and not self.user.is_superuser
            and not self.page_is_root
            and "change" in self.permissions
            and "publish" not in self.permissions
            and self.page.live
        ):
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)


def install() -> None:
    """Give Wagtail's page permission policy (the registered instance) our class, and pages our
    permission tester."""
    from wagtail import permissions
    from wagtail.models import pages

    permissions.page_permission_policy.__class__ = PortalPagePermissionPolicy
    pages.PagePermissionTester = PortalPagePermissionTester


WAGTAIL_COLLECTION_CACHE = "_collection_permission_cache"


class PortalMediaPolicyMixin:
    """Images and documents: a portal's editors and board act on their own portal's collection
    only (one collection per portal, :attr:`Portal.collection`), through their memberships, read
    with one query; province staff hold their rights on the root collection as group rows.
    Rights granted to whole groups on the root would let a commune's editor browse and reuse
    every other portal's photographs and files."""

    def get_all_permissions_for_user(self, user):
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return []
        from wagtail.models import GroupCollectionPermission

        from .roles import MEMBER_MEDIA_ACTIONS

        # The groups' rows serve images, documents and collections alike: read once for all,
        # kept where Wagtail's collection policies keep them.
        rows = getattr(user, WAGTAIL_COLLECTION_CACHE, None)
        if rows is None:
            rows = super().get_all_permissions_for_user(user)
            setattr(user, WAGTAIL_COLLECTION_CACHE, rows)
        granted = list(rows)
        meta = self.auth_model._meta
        if not user.has_perm(f"{meta.app_label}.add_{meta.model_name}"):
            # Members hold the model right through their role's group (read with the user's
            # other rights, no query): without it, no membership is read.
            return granted
        collections = {
            membership.portal.collection
            for membership in memberships_of(user)
            if membership.portal.collection_id is not None
        }
        model_name = self.auth_model._meta.model_name
        for collection in sorted(collections, key=lambda c: c.pk):
            for action in MEMBER_MEDIA_ACTIONS:
                permission = _permission_named(f"{action}_{model_name}")
                # Never saved; Wagtail gathers them in sets, and a row hashes by its key.
                row = GroupCollectionPermission(
                    pk=-len(granted) - 1, collection=collection, permission=permission
                )
                granted.append(row)
        return granted


class PortalMediaPolicy(PortalMediaPolicyMixin, CollectionOwnershipPermissionPolicy):
    def __init__(self, model, **kwargs):
        super().__init__(model, **kwargs)
        # Wagtail caches images' and documents' rights under one name on the user; a
        # membership's rights differ by model, so each keeps its own.
        self.permission_cache_name = f"_portal_{self.auth_model._meta.model_name}_permissions"


def install_media_policies() -> None:
    """The images' and documents' policies with the memberships' collections. Registered for the
    exact model classes, which Wagtail looks up before the policies its own apps register."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import register_permission_policy

    for model, auth_model in (
        (get_image_model(), "wagtailimages.Image"),
        (get_document_model(), "wagtaildocs.Document"),
    ):
        policy = PortalMediaPolicy(
            model, auth_model=auth_model, owner_field_name="uploaded_by_user"
        )
        register_permission_policy(model, policy, exact_class=True)


def ensure_portal_permissions() -> None:
    """Grant province staff (role ``portal_admin``) their page rights once, on the root page
    above every portal, and the images and documents of the root collection (idempotent).
    Editors and boards hold theirs on their own portal's collection, through their
    memberships."""
    from wagtail.models import Collection, GroupCollectionPermission, Page

    from congso.core.roles import ensure_roles

    from .roles import MEDIA_ROLES, MEMBER_MEDIA_ROLES

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
        GroupCollectionPermission.objects.filter(
            group__in=[groups[key] for key in MEMBER_MEDIA_ROLES], collection=collection
        ).delete()
