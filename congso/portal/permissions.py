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
from django.db.models.base import ModelState
from django.db.models.functions import Substr
from django.db.models.lookups import In
from wagtail.models import Collection, GroupPagePermission, Page, PagePermissionTester
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from congso.core.reading import request_only_reads

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


class Membership:
    """A user's membership of a portal as the permission policies read it: the role, and the
    portal's home page and collection holding the tree fields the policies compare (``pk``,
    ``path``, ``depth``; any other field is read from the database when first used). A member
    of every portal's board has 151 of them, built on each request: full model instances of
    the membership, portal, site, home page and collection took 15–20 ms of it."""

    __slots__ = ("collection", "home", "portal_id", "role")

    def __init__(self, role, portal_id, home, collection):
        self.role = role
        self.portal_id = portal_id
        self.home = home
        self.collection = collection


def memberships_of(user) -> list[Membership]:
    """The user's portal memberships with their portals' homes and collections, read once per
    request (kept on the user object) for pages, images and documents alike."""
    if not hasattr(user, "_portal_memberships"):
        from .models import PortalMember

        tree = ["id", "path", "depth"]
        rows = PortalMember.objects.filter(person__user_id=user.pk).values_list(
            "role",
            "portal_id",
            "portal__site__root_page_id",
            "portal__site__root_page__path",
            "portal__site__root_page__depth",
            "portal__collection_id",
            "portal__collection__path",
            "portal__collection__depth",
        )
        db = rows.db
        memberships = []
        for role, portal_id, *fields in rows:
            home = _tree_node(Page, db, tree, fields[:3])
            collection = _tree_node(Collection, db, tree, fields[3:]) if fields[3] else None
            memberships.append(Membership(role, portal_id, home, collection))
        user._portal_memberships = memberships
    return user._portal_memberships


def _tree_node(model, db: str, names: list[str], values):
    """A saved ``model`` instance holding only the fields ``names`` (the others are read from
    the database when first used), as ``model.from_db`` makes it without running the model's
    ``__init__`` over every field: a tenth of the cost, 151 times a request for a member of
    every board."""
    node = model.__new__(model)
    node.__dict__.update(zip(names, values, strict=True))
    node._state = ModelState()
    node._state.adding = False
    node._state.db = db
    return node


def _permission_named(codename: str) -> Permission:
    if codename not in _UNSAVED_PERMISSIONS:
        _UNSAVED_PERMISSIONS[codename] = Permission(codename=codename, name=codename)
    return _UNSAVED_PERMISSIONS[codename]


class MemberPagePermission:
    """A right a portal membership gives on its portal's home page, read where Wagtail reads a
    group's page permission row (``page``, ``page_id``, ``permission``); lighter than a model
    instance, of which a member of every portal's board would need five per portal."""

    __slots__ = ("page", "permission")
    from_membership = True

    def __init__(self, page, permission):
        self.page = page
        self.permission = permission

    @property
    def page_id(self):
        return self.page.pk


class PortalPagePermissionPolicy(PagePermissionPolicy):
    def get_all_permissions_for_user(self, user):
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return []

        granted = list(super().get_all_permissions_for_user(user))
        memberships = memberships_of(user)
        held = {(perm.page.path, perm.permission.codename) for perm in granted}
        for membership in memberships:
            home = membership.home
            for action in MEMBER_ACTIONS[membership.role]:
                codename = f"{action}_page"
                # A right held on an ancestor (province staff, at the root) covers this one.
                if any(
                    home.path.startswith(path)
                    for path, held_codename in held
                    if held_codename == codename
                ):
                    continue
                granted.append(MemberPagePermission(home, _permission(action)))
        return granted

    def user_has_any_permission(self, user, actions):
        base_permission = self._base_user_has_permission(user)
        if base_permission is not None:
            return base_permission
        actions = set(actions)
        if "change" in actions:
            actions.add("add")  # the owner of a page may change it with "add" alone
        return bool(self._get_permission_codenames(actions) & self._held_codenames(user))

    def _held_codenames(self, user) -> set[str]:
        return set().union(*self._index(user).values())

    def _index(self, user) -> dict[str, set[str]]:
        """The user's permission codenames by the path of the page they are held on, built once
        from Wagtail's cached list of permissions (and built anew when that list is)."""
        perms = self.get_cached_permissions_for_user(user)
        cached = getattr(user, "_portal_page_permissions_by_path", None)
        if cached is not None and cached[0] is perms:
            return cached[1]
        index = {}
        for perm in perms:
            index.setdefault(perm.page.path, set()).add(perm.permission.codename)
        user._portal_page_permissions_by_path = (perms, index)
        return index

    def codenames_on(self, user, path: str) -> set[str]:
        """The permission codenames ``user`` holds on the page at ``path``: those held on it or
        on one of its ancestors, looked up by each ancestor's path (as many lookups as the page's
        depth) rather than by scanning every permission, which are five per portal for a member
        of many portals' boards."""
        index = self._index(user)
        codenames = set()
        steplen = self.model.steplen
        for end in range(steplen, len(path) + 1, steplen):
            codenames |= index.get(path[:end], set())
        return codenames

    def user_has_any_permission_for_instance(self, user, actions, instance):
        base_permission = self._base_user_has_permission(user)
        if base_permission is not None:
            return base_permission
        codenames = self.codenames_on(user, instance.path)
        if self._get_permission_codename("add") in codenames and instance.owner_id == user.pk:
            codenames.add(self._get_permission_codename("change"))
        return bool(self._get_permission_codenames(actions) & codenames)

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
        """The pages ``user`` may explore, built once per list of the user's permissions (that
        is, once per request): the explorer, the site history and its three filters each ask,
        and each answer is a query of its own, one more reading their common ancestor."""
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        perms = self.get_cached_permissions_for_user(user)
        cached = getattr(user, "_portal_explorable_pages", None)
        if cached is None or cached[0] is not perms:
            cached = (perms, self._explorable_instances(user))
            user._portal_explorable_pages = cached
        return cached[1].all()

    def _explorable_instances(self, user):
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
    ``actions``): the first step of a page's path among the paths of the user's portals' homes,
    one subquery the database runs once, whatever the number of memberships (a subquery run for
    each page took a member of every board's explorer 70 ms per query with 151 portals)."""
    from .models import PortalMember

    roles = [
        role
        for role, allowed in MEMBER_ACTIONS.items()
        if actions is None or set(actions) & set(allowed)
    ]
    homes = (
        PortalMember.objects.filter(person__user_id=user.pk, role__in=roles)
        .order_by()
        .values("portal__site__root_page__path")
    )
    return Q(depth__gte=2) & Q(In(Substr("path", 1, 2 * Page.steplen), homes))


def path_under_any(paths) -> Q:
    """Rows of a tree (pages, collections) whose ``path`` starts with one of ``paths``: one IN
    per length of path, rather than one LIKE per path, which for a member of every portal's
    board made a condition of 151 terms, slow to build and to compile on every request.
    Matches every row when ``paths`` is empty."""
    by_length = {}
    for path in paths:
        by_length.setdefault(len(path), set()).add(path)
    condition = Q()
    for length, group in sorted(by_length.items()):
        condition |= Q(In(Substr("path", 1, length), sorted(group)))
    return condition


class PortalPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        from wagtail.permissions import policy_registry

        self.user = user
        self.permission_policy = policy_registry.get(page)
        self.page = page
        self.page_is_root = page.depth == 1
        if self.user.is_active and not self.user.is_superuser:
            # Stock Wagtail scans every permission of the user for each page it tests (a row of
            # the explorer, a button): here, the page's ancestors are looked up.
            if isinstance(self.permission_policy, PortalPagePermissionPolicy):
                codenames = self.permission_policy.codenames_on(user, page.path)
            else:
                codenames = {
                    perm.permission.codename
                    for perm in self.permission_policy.get_cached_permissions_for_user(user)
                    if page.path.startswith(perm.page.path)
                }
            self.permissions = {codename.rsplit("_", maxsplit=1)[0] for codename in codenames}

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


def page_permission_tester(user, page) -> PortalPagePermissionTester:
    """``page.permissions_for_user(user)``: each button of an explorer row asks it anew, ten
    testers a row and 500 a listing; a request that only reads keeps the user's tester on the
    page instance."""
    if not request_only_reads():
        return PortalPagePermissionTester(user, page)
    testers = page.__dict__.setdefault("_portal_permission_testers", {})
    tester = testers.get(id(user))
    if tester is None or tester.user is not user:
        tester = testers[id(user)] = PortalPagePermissionTester(user, page)
    return tester


def install() -> None:
    """Give Wagtail's page permission policy (the registered instance) our class, and pages our
    permission tester (``Page.permissions_for_user`` calls the name it is given)."""
    from wagtail import permissions
    from wagtail.models import pages

    permissions.page_permission_policy.__class__ = PortalPagePermissionPolicy
    pages.PagePermissionTester = page_permission_tester


WAGTAIL_COLLECTION_CACHE = "_collection_permission_cache"


class MemberCollectionPermission:
    """A right a portal membership gives on its portal's collection, read where Wagtail reads a
    ``GroupCollectionPermission`` row (``collection``, ``collection_id``, ``permission``; kept
    in sets, hashed by identity); a model instance each, three per portal and per model for a
    member of every board, cost more than the rest of the request's permissions."""

    __slots__ = ("collection", "permission")
    from_membership = True

    def __init__(self, collection, permission):
        self.collection = collection
        self.permission = permission

    @property
    def collection_id(self):
        return self.collection.pk


class PortalMediaPolicyMixin:
    """Images and documents: a portal's editors and board act on their own portal's collection
    only (one collection per portal, :attr:`Portal.collection`), through their memberships, read
    with one query; province staff hold their rights on the root collection as group rows.
    Rights granted to whole groups on the root would let a commune's editor browse and reuse
    every other portal's photographs and files."""

    def get_all_permissions_for_user(self, user):
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return []
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
            membership.collection.pk: membership.collection
            for membership in memberships_of(user)
            if membership.collection is not None
        }
        model_name = self.auth_model._meta.model_name
        permissions = [
            _permission_named(f"{action}_{model_name}") for action in MEMBER_MEDIA_ACTIONS
        ]
        for _pk, collection in sorted(collections.items()):
            for permission in permissions:
                granted.append(MemberCollectionPermission(collection, permission))
        return granted

    def _collections_with_perm(self, user, actions):
        # Stock Wagtail unions one queryset per permission row, cloning an ever larger query
        # each time (seconds for a member of every portal's board): here one filter on the
        # collections not already under another.
        paths = sorted(
            {
                perm.collection.path
                for perm in self._get_user_permission_objects_for_actions(user, actions)
            }
        )
        tops = []
        for path in paths:
            if not tops or not path.startswith(tops[-1]):
                tops.append(path)
        if not tops:
            return Collection.objects.none()
        return Collection.objects.filter(path_under_any(tops))


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
