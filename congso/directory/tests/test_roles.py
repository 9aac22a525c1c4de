import pytest
from django.contrib.auth.models import Group, Permission

from congso.core.roles import declared_permissions, ensure_roles, role_group
from congso.directory.models import Organisation
from congso.directory.roles import ROLES, default_role_for
from congso.testing.factories import CommuneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_migrating_creates_every_role_with_its_permissions():
    granted = declared_permissions()
    for role in ROLES:
        group = role_group(role.key)
        assert group.name == role.name
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert codenames >= {codename for _app, _model, codename in granted[role.key]}


def test_a_renamed_role_group_keeps_its_members_and_permissions():
    group = role_group("district_staff")
    group.name = "Cán bộ huyện (đổi tên)"
    group.save()
    ensure_roles()
    assert role_group("district_staff").pk == group.pk
    assert not Group.objects.filter(name="Cán bộ UBND cấp huyện").exists()


def test_granting_roles_again_never_removes_a_permission_granted_elsewhere():
    group = role_group("editor")
    extra = Permission.objects.get(codename="view_population")
    group.permissions.add(extra)
    ensure_roles()
    assert group.permissions.filter(pk=extra.pk).exists()


@pytest.mark.parametrize(
    ("kind", "level", "role"),
    [
        (Organisation.Kind.DIVISION, "province", "department_staff"),
        (Organisation.Kind.PEOPLES_COMMITTEE, "district", "district_staff"),
        (Organisation.Kind.PEOPLES_COMMITTEE, "commune", "commune_staff"),
        (Organisation.Kind.ENTERPRISE, "province", "enterprise_staff"),
        (Organisation.Kind.RADIO_TV, "district", "editor"),
        (Organisation.Kind.OTHER, "province", None),
    ],
)
def test_a_new_account_takes_the_role_of_its_organisation(two_districts, kind, level, role):
    do_luong, _ = two_districts
    unit = {
        "province": do_luong.parent,
        "district": do_luong,
        "commune": CommuneFactory(parent=do_luong),
    }[level]
    assert default_role_for(OrganisationFactory(kind=kind, admin_unit=unit)) == role
