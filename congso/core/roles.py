"""Roles: Django groups with a stable key, that every app extends.

An app declares in its own ``roles.py``:

- ``ROLES``: the roles it introduces, as :class:`Role` (key, Vietnamese display name, order);
- ``PERMISSIONS``: for any role key (its own or another app's), the permissions it grants, as
  ``(app_label, model, codename)`` triples.

``migrate`` (and :func:`ensure_roles`) creates each role's group once, linked by key in
:class:`~congso.core.models.RoleGroup`, so an administrator may rename a group without losing
its members, and grants the union of every app's permissions. It never removes a permission:
what another app, or an administrator, granted stays.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.module_loading import import_string

Perm = tuple[str, str, str]

ACCESS_ADMIN: Perm = ("wagtailadmin", "admin", "access_admin")


@dataclass(frozen=True)
class Role:
    key: str
    name: str
    #: position in lists of roles (the demo's accounts, the guide)
    order: int = 100


def perms(app_label: str, model: str, *actions: str) -> list[Perm]:
    return [(app_label, model, f"{action}_{model}") for action in actions]


def _declarations(attribute: str) -> Iterable:
    for config in apps.get_app_configs():
        try:
            yield import_string(f"{config.name}.roles.{attribute}")
        except ImportError:
            continue


def declared_roles() -> dict[str, Role]:
    roles: dict[str, Role] = {}
    for declared in _declarations("ROLES"):
        for role in declared:
            if role.key in roles:
                raise ValueError(f"role {role.key!r} is declared twice")
            roles[role.key] = role
    return dict(sorted(roles.items(), key=lambda item: (item[1].order, item[0])))


def declared_permissions() -> dict[str, set[Perm]]:
    roles = declared_roles()
    granted: dict[str, set[Perm]] = {key: set() for key in roles}
    for declared in _declarations("PERMISSIONS"):
        for key, triples in declared.items():
            if key not in roles:
                raise ValueError(f"permissions granted to an undeclared role {key!r}")
            granted[key].update(triples)
    return granted


def role_group(key: str) -> Group:
    from .models import RoleGroup

    return RoleGroup.objects.select_related("group").get(key=key).group


def role_groups() -> dict[str, Group]:
    from .models import RoleGroup

    return {link.key: link.group for link in RoleGroup.objects.select_related("group")}


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create the missing role groups and grant every declared permission (idempotent)."""
    from .models import RoleGroup

    roles = declared_roles()
    granted = declared_permissions()
    wanted = set().union(*granted.values()) if granted else set()
    found = {
        (p.content_type.app_label, p.content_type.model, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _app, _model, codename in wanted}
        )
    }
    missing = wanted - set(found)
    if missing:
        raise LookupError(f"permissions not found (run migrate first): {sorted(missing)}")
    links = {link.key: link for link in RoleGroup.objects.select_related("group")}
    groups: dict[str, Group] = {}
    for key, role in roles.items():
        link = links.get(key)
        if link is None:
            # A group of that name made before roles had keys is the role's own group.
            group, _created = Group.objects.get_or_create(name=role.name)
            link = RoleGroup.objects.create(key=key, group=group)
        link.group.permissions.add(*(found[p] for p in granted[key]))
        groups[key] = link.group
    return groups
