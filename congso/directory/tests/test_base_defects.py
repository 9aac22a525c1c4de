"""Defects of the directory's back office found in review, each proven fixed."""

import csv
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from congso.directory.models import AdminUnit, Organisation, Person
from congso.testing.factories import (
    ClusterFactory,
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    PopulationFactory,
)
from congso.testing.users import UserFactory

ORGS = "directory_organisations"


def url(viewset: str, view: str, *args) -> str:
    return reverse(f"{viewset}:{view}", args=args)


def form_data(response) -> dict:
    """What the browser would post back from a form opened and left unchanged."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if value is None:
            value = ""
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


@pytest.fixture
def cluster_of_2014(department, two_districts):
    do_luong, yen_thanh = two_districts
    for unit in (do_luong, yen_thanh):
        unit.valid_to = date(2025, 6, 30)
        unit.save()
    cluster = ClusterFactory(
        name="Cụm 1",
        organisation=department,
        lead_unit=yen_thanh,
        valid_from=date(2014, 3, 26),
        valid_to=date(2025, 6, 30),
    )
    cluster.members.set([do_luong, yen_thanh])
    return cluster


def test_a_cluster_of_abolished_districts_opens_with_its_members_and_saves_unchanged(
    client, district_setup, cluster_of_2014
):
    client.force_login(district_setup["department_user"])
    edit = url("directory_clusters", "edit", cluster_of_2014.pk)

    response = client.get(edit)
    data = form_data(response)
    assert sorted(data["members"]) == sorted(
        str(pk) for pk in cluster_of_2014.members.values_list("pk", flat=True)
    )
    response = client.post(edit, data)

    assert response.status_code == 302, response.context["form"].errors
    cluster_of_2014.refresh_from_db()
    assert cluster_of_2014.members.count() == 2


def test_search_matches_whole_words_not_the_inside_of_a_word(client, district_setup):
    unit = district_setup["doluong"]["unit"]
    OrganisationFactory(name="Đài Truyền thanh - Truyền hình huyện Đô Lương", admin_unit=unit)
    client.force_login(district_setup["department_user"])

    content = client.get(url(ORGS, "index"), {"q": "yen thanh"}).content.decode()

    assert "UBND huyện Yên Thành" in content
    assert "Truyền thanh" not in content


def test_a_word_typed_in_part_matches_at_its_start(client, district_setup):
    client.force_login(district_setup["department_user"])

    content = client.get(url(ORGS, "index"), {"q": "ubnd yen th"}).content.decode()

    assert "UBND huyện Yên Thành" in content
    assert "UBND huyện Đô Lương" not in content


def test_exact_name_matches_are_listed_first(client, district_setup, province):
    OrganisationFactory(name="Trung tâm Kinh doanh VNPT Nghệ An", admin_unit=province)
    OrganisationFactory(name="VNPT Nghệ An", admin_unit=province)
    client.force_login(district_setup["department_user"])

    response = client.get(url(ORGS, "index"), {"q": "vnpt"})

    names = [str(obj) for obj in response.context["object_list"]]
    assert names == ["VNPT Nghệ An", "Trung tâm Kinh doanh VNPT Nghệ An"]


def test_cluster_search_folds_diacritics(client, district_setup, cluster_of_2014):
    client.force_login(district_setup["department_user"])

    response = client.get(url("directory_clusters", "index"), {"q": "cum 1"})

    assert [str(c) for c in response.context["object_list"]] == ["Cụm 1"]


def test_csv_export_opens_in_excel_with_vietnamese_intact(client, district_setup):
    client.force_login(district_setup["department_user"])

    response = client.get(url(ORGS, "index"), {"export": "csv"})

    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "Tên"
    assert "UBND huyện Đô Lương" in {row[0] for row in rows[1:]}


def test_exports_neutralise_cells_a_spreadsheet_would_run_as_formulas(client, district_setup):
    unit = district_setup["doluong"]["unit"]
    OrganisationFactory(name='=HYPERLINK("http://x.example","bấm")', admin_unit=unit)
    client.force_login(district_setup["department_user"])

    body = b"".join(client.get(url(ORGS, "index"), {"export": "csv"}).streaming_content)
    rows = list(csv.reader(StringIO(body.decode("utf-8-sig"))))
    assert '\'=HYPERLINK("http://x.example","bấm")' in {row[0] for row in rows}
    response = client.get(url(ORGS, "index"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x.example","bấm")' in cells


def test_xlsx_export_carries_real_numbers_and_dates_on_a_named_sheet(client, admin_user, province):
    PopulationFactory(unit=province, total=3_327_791)
    DistrictFactory(name="Cửa Lò", parent=province, valid_to=date(2025, 2, 28))
    client.force_login(admin_user)

    population = client.get(url("directory_population", "index"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(b"".join(population.streaming_content))).active
    assert sheet.title == "Số liệu dân số"
    totals = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert totals == [3_327_791]
    units = client.get(url("directory_units", "index"), {"export": "xlsx", "on": "2014-03-26"})
    sheet = load_workbook(BytesIO(b"".join(units.streaming_content))).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    ends = [
        row[header.index("Hiệu lực đến")] for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert date(2025, 2, 28) in [value.date() for value in ends if value]


# --- nobody widens a scope through a form -------------------------------------------------


def test_an_enterprise_cannot_make_itself_territorial(client, roles, province, department):
    vnpt = OrganisationFactory(
        name="VNPT Nghệ An", kind=Organisation.Kind.ENTERPRISE, admin_unit=province
    )
    user = UserFactory(username="vnpt", groups=[roles["enterprise_staff"]])
    PersonFactory(organisation=vnpt, user=user)
    client.force_login(user)
    edit = url(ORGS, "edit", vnpt.pk)

    data = form_data(client.get(edit))
    data.update(kind=Organisation.Kind.PEOPLES_COMMITTEE, phone="0238 3 840 000")
    response = client.post(edit, data)

    vnpt.refresh_from_db()
    assert response.status_code == 302
    assert vnpt.kind == Organisation.Kind.ENTERPRISE
    assert vnpt.phone == "0238 3 840 000"
    response = client.get(url(ORGS, "index"))
    assert [str(o) for o in response.context["object_list"]] == ["VNPT Nghệ An"]


def test_moving_a_person_with_an_account_is_refused_to_ordinary_staff(
    client, district_setup, department
):
    yen_thanh_person = Person.objects.get(user__username="yenthanh")
    client.force_login(district_setup["department_user"])
    edit = url("directory_people", "edit", yen_thanh_person.pk)

    data = form_data(client.get(edit))
    data["organisation"] = str(department.pk)
    client.post(edit, data)

    yen_thanh_person.refresh_from_db()
    assert yen_thanh_person.organisation == district_setup["yenthanh"]["committee"]


def test_saving_unchanged_keeps_a_parent_outside_the_users_scope(client, roles, district_setup):
    committee = district_setup["doluong"]["committee"]
    commune = AdminUnit.objects.get(name="Đà Sơn")
    commune_committee = OrganisationFactory(
        name="UBND xã Đà Sơn",
        kind=Organisation.Kind.PEOPLES_COMMITTEE,
        admin_unit=commune,
        parent=committee,
    )
    user = UserFactory(username="xa", groups=[roles["commune_staff"]])
    PersonFactory(organisation=commune_committee, user=user)
    client.force_login(user)
    edit = url(ORGS, "edit", commune_committee.pk)

    response = client.post(edit, form_data(client.get(edit)))

    assert response.status_code == 302
    commune_committee.refresh_from_db()
    assert commune_committee.parent == committee
