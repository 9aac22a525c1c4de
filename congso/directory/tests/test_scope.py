import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from congso.directory.models import Organisation
from congso.directory.selectors import user_scope, visible_organisations, visible_units
from congso.directory.services import organisation_create, organisation_update
from congso.testing.factories import OrganisationFactory
from congso.testing.users import UserFactory

pytestmark = pytest.mark.django_db


def names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_district_user_sees_own_district_and_below_only(district_setup):
    user = district_setup["doluong"]["user"]
    visible = names(visible_organisations(user))
    assert "UBND huyện Đô Lương" in visible
    assert "Phòng Văn hoá và Thông tin huyện Đô Lương" in visible
    assert "UBND huyện Yên Thành" not in visible
    assert "Phòng Văn hoá và Thông tin huyện Yên Thành" not in visible
    assert "Sở Thông tin và Truyền thông Nghệ An" not in visible
    units = names(visible_units(user))
    assert units == {"Đô Lương", "Đà Sơn"}


def test_department_sees_the_whole_province(district_setup):
    user = district_setup["department_user"]
    visible = names(visible_organisations(user))
    assert {"UBND huyện Đô Lương", "UBND huyện Yên Thành"} <= visible
    assert {"Nghệ An", "Đô Lương", "Yên Thành", "Đà Sơn", "Hợp Thành"} <= names(visible_units(user))


def test_enterprise_sees_only_itself_and_its_branches(district_setup, province, roles):
    vnpt = OrganisationFactory(
        name="VNPT Nghệ An", kind=Organisation.Kind.ENTERPRISE, admin_unit=province
    )
    branch = OrganisationFactory(
        name="Trung tâm Viễn thông Đô Lương",
        kind=Organisation.Kind.ENTERPRISE,
        admin_unit=district_setup["doluong"]["unit"],
        parent=vnpt,
    )
    from congso.testing.fixtures import make_staff

    user = make_staff(vnpt, roles["enterprise_staff"], "vnpt")
    assert names(visible_organisations(user)) == {vnpt.name, branch.name}


def test_user_without_organisation_sees_nothing(district_setup):
    user = UserFactory()
    scope = user_scope(user)
    assert not scope.everything
    assert not visible_organisations(user).exists()


def test_district_user_cannot_change_another_districts_organisation(district_setup):
    user = district_setup["doluong"]["user"]
    other = district_setup["yenthanh"]["division"]
    with pytest.raises(PermissionDenied):
        organisation_update(user=user, organisation=other, data={"phone": "0238 000 000"})
    other.refresh_from_db()
    assert other.phone == ""
    assert not ModelLogEntry.objects.filter(object_id=str(other.pk)).exists()


def test_district_user_cannot_create_an_organisation_in_another_district(district_setup):
    user = district_setup["doluong"]["user"]
    before = Organisation.objects.count()
    with pytest.raises(PermissionDenied):
        organisation_create(
            user=user,
            data={
                "name": "Phòng lạ",
                "kind": Organisation.Kind.DIVISION,
                "admin_unit": district_setup["yenthanh"]["unit"],
            },
        )
    assert Organisation.objects.count() == before


def test_district_user_creates_an_organisation_under_its_own_committee(district_setup):
    user = district_setup["doluong"]["user"]
    created = organisation_create(
        user=user,
        data={
            "name": "Đài Truyền thanh - Truyền hình huyện Đô Lương",
            "kind": Organisation.Kind.RADIO_TV,
            "admin_unit": district_setup["doluong"]["unit"],
        },
    )
    assert created.parent == district_setup["doluong"]["committee"]
    assert created.search_text.startswith("dai truyen thanh")
    entry = ModelLogEntry.objects.get(object_id=str(created.pk))
    assert entry.action == "wagtail.create"
    assert entry.user == user


def test_an_end_before_the_start_is_refused_and_nothing_changes(district_setup):
    from datetime import date

    user = district_setup["doluong"]["user"]
    division = district_setup["doluong"]["division"]
    with pytest.raises(ValidationError) as error:
        organisation_update(
            user=user,
            organisation=division,
            data={"valid_from": date(2020, 1, 1), "valid_to": date(2019, 1, 1)},
        )
    assert "valid_to" in error.value.message_dict
    division.refresh_from_db()
    assert division.valid_to is None


def test_an_organisation_cannot_be_moved_under_its_own_branch(district_setup):
    user = district_setup["department_user"]
    user.user_permissions.add(Permission.objects.get(codename="restructure_organisation"))
    user = type(user).objects.get(pk=user.pk)
    committee = district_setup["doluong"]["committee"]
    division = district_setup["doluong"]["division"]
    with pytest.raises(ValidationError):
        organisation_update(user=user, organisation=committee, data={"parent": division})
    committee.refresh_from_db()
    assert committee.parent is None
