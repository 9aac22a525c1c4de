"""A district account after 1 July 2025: its unit has ended, and it is told so and what to do,
where it would otherwise find an empty unit chooser without a word why."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from congso.directory.models import UnitSuccession
from congso.testing.factories import CommuneFactory


@pytest.fixture
def abolished(district_setup, province):
    do_luong = district_setup["doluong"]["unit"]
    do_luong.valid_to = date(2025, 6, 30)
    do_luong.save()
    for commune in do_luong.children.all():
        commune.valid_to = date(2025, 6, 30)
        commune.save()
    new_commune = CommuneFactory(
        code="17501", name="Đô Lương", parent=province, valid_from=date(2025, 7, 1)
    )
    UnitSuccession.objects.create(
        predecessor=do_luong, successor=new_commune, kind="partial", effective=date(2025, 7, 1)
    )
    client = Client()
    client.force_login(district_setup["doluong"]["user"])
    return client


@pytest.mark.parametrize("view", ["choose", "choose_results"])
def test_the_unit_chooser_says_the_unit_has_ended_and_what_to_do(abolished, view):
    response = abolished.get(reverse(f"directory_unit_chooser:{view}"))
    html = response.json()["html"] if view == "choose" else response.content.decode()
    assert "đã chấm dứt hoạt động ngày 30/06/2025" in html
    assert "đề nghị quản trị viên chuyển tài khoản" in html
    assert "Xã Đô Lương" in html


def test_the_dashboard_says_the_unit_has_ended(abolished):
    html = abolished.get(reverse("wagtailadmin_home")).content.decode()
    assert "đã chấm dứt hoạt động ngày 30/06/2025" in html
    assert "đề nghị quản trị viên chuyển tài khoản" in html


def test_an_account_of_a_unit_in_force_reads_no_such_warning(district_setup):
    client = Client()
    client.force_login(district_setup["yenthanh"]["user"])
    assert "chấm dứt" not in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(reverse("directory_unit_chooser:choose"))
    assert "chấm dứt" not in response.json()["html"]
