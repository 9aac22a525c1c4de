"""Fixtures every app's tests share: roles, the Nghệ An province, two districts with their
People's Committees and officer accounts, the department."""

import pytest
from django.utils import translation

from congso.core.roles import ensure_roles
from congso.directory.models import Organisation
from congso.testing.factories import (
    CommuneFactory,
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    ProvinceFactory,
)
from congso.testing.users import UserFactory


@pytest.fixture
def in_english():
    """Messages checked in their source language (a test of the Vietnamese says so itself)."""
    with translation.override("en"):
        yield


@pytest.fixture
def roles(db):
    return ensure_roles()


@pytest.fixture
def province(db):
    return ProvinceFactory(code="40", name="Nghệ An")


@pytest.fixture
def two_districts(province):
    return make_two_districts(province)


def make_two_districts(province):
    do_luong = DistrictFactory(code="425", name="Đô Lương", parent=province)
    yen_thanh = DistrictFactory(code="422", name="Yên Thành", parent=province)
    CommuneFactory(code="17500", name="Đà Sơn", parent=do_luong)
    CommuneFactory(code="17300", name="Hợp Thành", parent=yen_thanh)
    return do_luong, yen_thanh


@pytest.fixture
def department(province):
    return make_department(province)


def make_department(province):
    return OrganisationFactory(
        name="Sở Thông tin và Truyền thông Nghệ An",
        kind=Organisation.Kind.DEPARTMENT,
        admin_unit=province,
    )


def make_staff(organisation, group, username):
    user = UserFactory(username=username, groups=[group])
    PersonFactory(organisation=organisation, user=user)
    return user


@pytest.fixture
def district_setup(roles, department, two_districts):
    """Two district People's Committees, each with an officer account and a division."""
    return make_district_setup(roles, department, two_districts)


def make_district_setup(roles, department, two_districts) -> dict:
    do_luong, yen_thanh = two_districts
    result = {}
    for unit, username in ((do_luong, "doluong"), (yen_thanh, "yenthanh")):
        committee = OrganisationFactory(
            name=f"UBND huyện {unit.name}",
            kind=Organisation.Kind.PEOPLES_COMMITTEE,
            admin_unit=unit,
        )
        division = OrganisationFactory(
            name=f"Phòng Văn hoá và Thông tin huyện {unit.name}",
            kind=Organisation.Kind.DIVISION,
            admin_unit=unit,
            parent=committee,
        )
        user = make_staff(committee, roles["district_staff"], username)
        result[username] = {
            "unit": unit,
            "committee": committee,
            "division": division,
            "user": user,
        }
    result["department_user"] = make_staff(department, roles["department_staff"], "so")
    return result
