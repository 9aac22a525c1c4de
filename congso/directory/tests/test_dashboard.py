import re

import pytest
from django.urls import reverse

from congso.directory.models import AdminUnit
from congso.testing.users import UserFactory

pytestmark = pytest.mark.django_db


def test_district_dashboard_names_the_users_organisation_and_reach(client, district_setup):
    client.force_login(district_setup["doluong"]["user"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Cơ quan, tổ chức của bạn" in html
    assert "UBND huyện Đô Lương" in html
    assert "2 cơ quan, tổ chức bạn được xem" in html
    assert "Yên Thành" not in html


def test_an_account_without_organisation_is_told_what_to_do(client, roles):
    user = UserFactory(groups=[roles["district_staff"]])
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "chưa gắn với cơ quan, tổ chức nào" in html


def test_listing_rows_link_to_the_edit_form(client, district_setup):
    client.force_login(district_setup["doluong"]["user"])
    division = district_setup["doluong"]["division"]
    html = client.get(reverse("directory_organisations:index")).content.decode()
    assert reverse("directory_organisations:edit", args=[division.pk]) in html


def test_read_only_unit_rows_link_to_the_unit_page(client, district_setup):
    client.force_login(district_setup["doluong"]["user"])
    unit = district_setup["doluong"]["unit"]
    html = client.get(reverse("directory_units:index"), {"q": "do luong"}).content.decode()
    assert reverse("directory_units:inspect", args=[unit.pk]) in html


def test_the_map_date_in_force_reads_day_first(client, district_setup):
    client.force_login(district_setup["department_user"])
    html = client.get(
        reverse("directory_units:index"), {"on": "26/03/2014", "level": AdminUnit.Level.DISTRICT}
    ).content.decode()
    assert re.search(r"26/03/2014", html)
    assert "2014-03-26</" not in html
    assert "Có 2 kết quả phù hợp" in html
