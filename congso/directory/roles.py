"""The roles the directory introduces and what they may do with its models; what a role may
touch is further limited to the user's scope (selectors.user_scope). Other apps grant these
roles their own permissions in their own ``roles.py``."""

from congso.core.roles import ACCESS_ADMIN, Role, perms

ROLES = [
    Role("department_leader", "Lãnh đạo Sở", order=10),
    Role("department_staff", "Chuyên viên Sở", order=20),
    Role("district_staff", "Cán bộ UBND cấp huyện", order=30),
    Role("commune_staff", "Cán bộ UBND cấp xã", order=40),
    Role("enterprise_staff", "Doanh nghiệp", order=50),
    Role("editor", "Biên tập viên", order=60),
]


def _directory(model: str, *actions: str):
    return perms("directory", model, *actions)


_READ_MAP = _directory("adminunit", "view") + _directory("population", "view")

PERMISSIONS = {
    "department_leader": [ACCESS_ADMIN, *_READ_MAP]
    + _directory("organisation", "view", "change")
    + _directory("cluster", "view", "change")
    + _directory("person", "view", "change"),
    "department_staff": [ACCESS_ADMIN, *_READ_MAP]
    + _directory("organisation", "view", "add", "change")
    + _directory("cluster", "view", "add", "change")
    + _directory("person", "view", "add", "change"),
    "district_staff": [ACCESS_ADMIN, *_READ_MAP]
    + _directory("organisation", "view", "add", "change")
    + _directory("person", "view", "add", "change"),
    "commune_staff": [ACCESS_ADMIN, *_READ_MAP]
    + _directory("organisation", "view", "change")
    + _directory("person", "view", "add", "change"),
    "enterprise_staff": [ACCESS_ADMIN]
    + _directory("organisation", "view", "change")
    + _directory("person", "view"),
    "editor": [ACCESS_ADMIN] + _directory("organisation", "view"),
}


def default_role_for(organisation) -> str | None:
    """The role key a new account gets from the organisation it belongs to; a leader's role is
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
