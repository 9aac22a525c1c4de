"""Fixtures every app's tests share: roles, the Nghệ An province, two districts with their
People's Committees and officer accounts, the department."""

import io

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


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, run once for a whole test module inside a transaction that is rolled back
    after the module's last test. Each test's own changes roll back to it, so the tests of a
    module see the same fresh demo at the cost of one run (a run takes half a minute). Its
    images and files go to a folder of their own, its messages nowhere. Its printed summary
    is the value. Not for tests that need a committed database (live server,
    transactional_db)."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    files = tmp_path_factory.mktemp("demo-files")
    media = override_settings(
        MEDIA_ROOT=str(files / "media"),
        ONESTOP_PRIVATE_ROOT=str(files / "private"),
        ONESTOP_SENDER="congso.onestop.notify.MemorySender",
    )
    media.enable()
    outer = transaction.atomic()
    output = io.StringIO()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            call_command("demo", stdout=output)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()
            raise
    yield output.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()
    # Wagtail keeps its sites' root paths in the cache: the demo's sites are gone now.
    cache.clear()


@pytest.fixture
def demo(demo_once, db) -> str:
    """The module's demo (see ``demo_once``), for a test in its own rolled-back transaction."""
    return demo_once
