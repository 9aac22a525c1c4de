"""Roles are Django groups with model permissions; what a role may touch is further limited to
the user's scope (selectors.user_scope)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")


def _perms(model: str, *actions: str) -> list[tuple[str, str, str]]:
    return [("directory", model, f"{action}_{model}") for action in actions]


_READ_MAP = _perms("adminunit", "view") + _perms("population", "view")

ROLES: dict[str, dict] = {
    "department_leader": {
        "name": "Lãnh đạo Sở",
        "permissions": [ACCESS_ADMIN, *_READ_MAP]
        + _perms("organisation", "view", "change")
        + _perms("cluster", "view", "change")
        + _perms("person", "view", "change"),
    },
    "department_staff": {
        "name": "Chuyên viên Sở",
        "permissions": [ACCESS_ADMIN, *_READ_MAP]
        + _perms("organisation", "view", "add", "change")
        + _perms("cluster", "view", "add", "change")
        + _perms("person", "view", "add", "change"),
    },
    "district_staff": {
        "name": "Cán bộ UBND cấp huyện",
        "permissions": [ACCESS_ADMIN, *_READ_MAP]
        + _perms("organisation", "view", "add", "change")
        + _perms("person", "view", "add", "change"),
    },
    "commune_staff": {
        "name": "Cán bộ UBND cấp xã",
        "permissions": [ACCESS_ADMIN, *_READ_MAP]
        + _perms("organisation", "view", "change")
        + _perms("person", "view", "add", "change"),
    },
    "enterprise_staff": {
        "name": "Doanh nghiệp",
        "permissions": [ACCESS_ADMIN]
        + _perms("organisation", "view", "change")
        + _perms("person", "view"),
    },
    "editor": {
        "name": "Biên tập viên",
        "permissions": [ACCESS_ADMIN] + _perms("organisation", "view"),
    },
}


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create or update the role groups with exactly their permissions (idempotent)."""
    wanted = {perm for role in ROLES.values() for perm in role["permissions"]}
    found = {
        (p.content_type.app_label, p.content_type.model, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _app, _model, codename in wanted}
        )
    }
    missing = wanted - set(found)
    if missing:
        raise LookupError(f"permissions not found (run migrate first): {sorted(missing)}")
    groups: dict[str, Group] = {}
    for key, role in ROLES.items():
        group, _created = Group.objects.get_or_create(name=role["name"])
        group.permissions.set([found[p] for p in role["permissions"]])
        groups[key] = group
    return groups


def default_role_for(organisation) -> str | None:
    """The role a new account gets from the organisation it belongs to; a leader's role is
    given by an administrator, never by default."""
    from .models import AdminUnit, Organisation

    kind = organisation.kind
    if kind in (Organisation.Kind.DEPARTMENT, Organisation.Kind.DIVISION):
        return "department_staff"
    if kind == Organisation.Kind.SUBORDINATE:
        is_provincial = organisation.admin_unit.level == AdminUnit.Level.PROVINCE
        return "department_staff" if is_provincial else "district_staff"
    if kind == Organisation.Kind.PEOPLES_COMMITTEE:
        level = organisation.admin_unit.level
        if level == AdminUnit.Level.COMMUNE:
            return "commune_staff"
        return "district_staff" if level == AdminUnit.Level.DISTRICT else "department_staff"
    if kind in (Organisation.Kind.ENTERPRISE, Organisation.Kind.POST_OFFICE):
        return "enterprise_staff"
    if kind in (Organisation.Kind.PRESS, Organisation.Kind.RADIO_TV):
        return "editor"
    return None
