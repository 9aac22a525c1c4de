import pytest
from django.contrib.auth.models import Group

from congso.directory.models import Organisation
from congso.directory.roles import ROLES, default_role_for

from .factories import CommuneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_migrating_creates_every_role_with_its_permissions():
    for role in ROLES.values():
        group = Group.objects.get(name=role["name"])
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert codenames == {codename for _app, _model, codename in role["permissions"]}


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
