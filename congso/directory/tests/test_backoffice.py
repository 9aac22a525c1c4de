"""The directory's back office as its users meet it: scoped listings, forms that save through the
services, searches that fold Vietnamese, the map of a date, Excel exports, constant queries."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from congso.directory.models import AdminUnit, Cluster, Organisation, Person, UnitSuccession
from congso.testing.factories import (
    ClusterFactory,
    CommuneFactory,
    OrganisationFactory,
    PersonFactory,
    PopulationFactory,
)
from congso.testing.users import UserFactory

ORGS = "directory_organisations"
UNITS = "directory_units"


def url(viewset: str, view: str, *args) -> str:
    return reverse(f"{viewset}:{view}", args=args)


@pytest.fixture
def as_user(client, district_setup):
    def login(username):
        client.force_login(
            district_setup[username]["user"]
            if username in ("doluong", "yenthanh")
            else district_setup[username]
        )
        return client

    return login


def organisation_form(**overrides):
    data = {
        "name": "Trung tâm Văn hoá - Thể thao huyện Đô Lương",
        "short_name": "",
        "kind": Organisation.Kind.SUBORDINATE,
        "admin_unit": "",
        "parent": "",
        "address": "",
        "phone": "",
        "email": "",
        "website": "",
        "valid_from": "",
        "valid_to": "",
    }
    data.update(overrides)
    return data


def xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


# --- organisations: scope ------------------------------------------------------------------


def test_district_user_sees_only_own_districts_organisations(as_user):
    response = as_user("doluong").get(url(ORGS, "index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "UBND huyện Đô Lương" in content
    assert "Phòng Văn hoá và Thông tin huyện Đô Lương" in content
    assert "Yên Thành" not in content
    assert "Sở Thông tin và Truyền thông" not in content


def test_department_user_sees_both_districts(as_user):
    content = as_user("department_user").get(url(ORGS, "index")).content.decode()

    assert "UBND huyện Đô Lương" in content
    assert "UBND huyện Yên Thành" in content


def test_district_user_cannot_open_or_change_another_districts_organisation(
    as_user, district_setup
):
    client = as_user("doluong")
    other = district_setup["yenthanh"]["committee"]

    assert client.get(url(ORGS, "edit", other.pk)).status_code == 404
    assert client.get(url(ORGS, "inspect", other.pk)).status_code == 404
    assert client.get(url(ORGS, "history", other.pk)).status_code == 404
    response = client.post(
        url(ORGS, "edit", other.pk),
        organisation_form(
            name="Đã bị sửa",
            kind=other.kind,
            admin_unit=district_setup["doluong"]["unit"].pk,
        ),
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "UBND huyện Yên Thành"
    assert not ModelLogEntry.objects.filter(action="wagtail.edit").exists()


def test_district_user_edits_own_organisation_through_the_service(as_user, district_setup):
    client = as_user("doluong")
    division = district_setup["doluong"]["division"]
    # The form as opened carries its version, which a save from a stale form lacks.
    version = client.get(url(ORGS, "edit", division.pk)).context["form"]["congso_version"]

    response = client.post(
        url(ORGS, "edit", division.pk),
        organisation_form(
            name="Phòng Văn hoá, Khoa học và Thông tin huyện Đô Lương",
            kind=division.kind,
            admin_unit=division.admin_unit_id,
            parent=division.parent_id,
            congso_version=version.value(),
        ),
    )

    assert response.status_code == 302
    division.refresh_from_db()
    assert division.name == "Phòng Văn hoá, Khoa học và Thông tin huyện Đô Lương"
    # The service keeps the folded search text in step with the name.
    assert "khoa hoc" in division.search_text
    entry = ModelLogEntry.objects.get(action="wagtail.edit")
    assert entry.object_id == str(division.pk)
    assert entry.user == district_setup["doluong"]["user"]


# --- organisations: create through the service ----------------------------------------------


def test_creating_an_organisation_goes_through_the_service_and_is_audited(as_user, district_setup):
    client = as_user("doluong")
    unit = district_setup["doluong"]["unit"]

    response = client.post(url(ORGS, "add"), organisation_form(admin_unit=unit.pk))

    assert response.status_code == 302
    created = Organisation.objects.get(name="Trung tâm Văn hoá - Thể thao huyện Đô Lương")
    # Without a chosen parent the service places it under the user's own organisation.
    assert created.parent == district_setup["doluong"]["committee"]
    assert created.search_text == "trung tam van hoa - the thao huyen do luong"
    entry = ModelLogEntry.objects.get(action="wagtail.create")
    assert entry.object_id == str(created.pk)
    assert entry.user == district_setup["doluong"]["user"]


def test_end_date_before_start_shows_a_message_and_creates_nothing(as_user, district_setup):
    client = as_user("doluong")
    before = Organisation.objects.count()

    response = client.post(
        url(ORGS, "add"),
        organisation_form(
            admin_unit=district_setup["doluong"]["unit"].pk,
            valid_from="2014-03-27",
            valid_to="2014-01-01",
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["valid_to"]
    shown = [m for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]
    assert shown, "the page must say why nothing was created"
    assert str(response.context["form"].errors["valid_to"][0]) in response.content.decode()
    assert Organisation.objects.count() == before
    assert not ModelLogEntry.objects.exists()


def test_create_form_offers_only_units_and_parents_in_scope(as_user, district_setup):
    client = as_user("doluong")

    form = client.get(url(ORGS, "add")).context["form"]
    units = {u.name for u in form.fields["admin_unit"].queryset}
    parents = {o.name for o in form.fields["parent"].queryset}

    assert units == {"Đô Lương", "Đà Sơn"}
    assert "UBND huyện Đô Lương" in parents
    assert not any("Yên Thành" in name for name in parents)
    # Forging another district's unit in the POST is refused by the form's choices.
    response = client.post(
        url(ORGS, "add"), organisation_form(admin_unit=district_setup["yenthanh"]["unit"].pk)
    )
    assert response.status_code == 200
    assert "admin_unit" in response.context["form"].errors
    assert not Organisation.objects.filter(name__startswith="Trung tâm").exists()


def test_organisation_search_folds_diacritics(as_user):
    client = as_user("department_user")

    content = client.get(url(ORGS, "index"), {"q": "phong van hoa do luong"}).content.decode()

    assert "Phòng Văn hoá và Thông tin huyện Đô Lương" in content
    assert "Phòng Văn hoá và Thông tin huyện Yên Thành" not in content


def test_organisation_kind_filter(as_user):
    content = (
        as_user("department_user")
        .get(url(ORGS, "index"), {"kind": Organisation.Kind.PEOPLES_COMMITTEE})
        .content.decode()
    )

    assert "UBND huyện Yên Thành" in content
    assert "Phòng Văn hoá và Thông tin" not in content


def test_excel_export_contains_only_visible_organisations(as_user):
    response = as_user("doluong").get(url(ORGS, "index"), {"export": "xlsx"})

    rows = xlsx_rows(response)
    names = [row[0] for row in rows[1:]]
    assert "co-quan-to-chuc.xlsx" in response["Content-Disposition"]
    assert sorted(names) == [
        "Phòng Văn hoá và Thông tin huyện Đô Lương",
        "UBND huyện Đô Lương",
    ]


# Session, user, two permission lookups, profile, the user's organisation, count, locales,
# page and collection permissions for the menu, the page of rows: 11 measured.
LISTING_QUERY_LIMIT = 12


def _count_listing_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("extra", [3, 30])
def test_organisation_listing_queries_do_not_grow_with_rows(
    as_user, district_setup, django_assert_max_num_queries, extra
):
    unit = district_setup["doluong"]["unit"]
    parent = district_setup["doluong"]["committee"]
    for _ in range(extra):
        OrganisationFactory(admin_unit=unit, parent=parent, phone="0238 3871 234")
    client = as_user("doluong")
    client.get(url(ORGS, "index"))  # warm per-process caches (content types, site)

    with django_assert_max_num_queries(LISTING_QUERY_LIMIT):
        client.get(url(ORGS, "index"))


def test_listing_query_counts_are_equal_for_3_and_30_rows(as_user, district_setup):
    client = as_user("department_user")
    unit = district_setup["doluong"]["unit"]
    paths = [url(v, "index") for v in (ORGS, UNITS, "directory_people", "directory_clusters")]
    paths.append(url("directory_population", "index"))

    def add_rows(count):
        for _ in range(count):
            organisation = OrganisationFactory(admin_unit=unit)
            PersonFactory(organisation=organisation)
            commune = CommuneFactory(parent=unit)
            PopulationFactory(unit=commune)
            cluster = ClusterFactory(organisation=organisation, lead_unit=commune)
            cluster.members.set([commune, unit])

    add_rows(3)
    for path in paths:
        client.get(path)
    few = [_count_listing_queries(client, path) for path in paths]
    add_rows(27)
    many = [_count_listing_queries(client, path) for path in paths]

    print("queries per listing (orgs, units, people, clusters, population):", many)
    assert few == many


# --- administrative units ----------------------------------------------------------------------


@pytest.mark.parametrize("query", ["do luong", "Đô Lương", "DO LUONG", "đô lương", "huyen do"])
def test_unit_search_finds_do_luong_with_or_without_diacritics(as_user, query):
    response = as_user("doluong").get(url(UNITS, "index"), {"q": query})

    content = response.content.decode()
    assert "Huyện Đô Lương" in content
    assert "Huyện Yên Thành" not in content


def test_unit_search_results_view_folds_too(as_user):
    response = as_user("doluong").get(url(UNITS, "index_results"), {"q": "yen thanh"})

    assert "Huyện Yên Thành" in response.content.decode()
    assert "Huyện Đô Lương" not in response.content.decode()


def test_map_of_date_hides_a_unit_that_ended_before_that_date(as_user, two_districts):
    do_luong, _ = two_districts
    CommuneFactory(
        code="17501",
        name="Lạc Sơn",
        parent=do_luong,
        valid_from=date(2000, 1, 1),
        valid_to=date(2019, 12, 31),
    )
    client = as_user("doluong")

    on_2019 = client.get(url(UNITS, "index"), {"on": "2019-06-01", "q": "lac son"})
    on_2020 = client.get(url(UNITS, "index"), {"on": "2020-01-01", "q": "lac son"})
    today = client.get(url(UNITS, "index"), {"q": "lac son"})

    assert "Xã Lạc Sơn" in on_2019.content.decode()
    assert "31/12/2019" in on_2019.content.decode()
    assert "Xã Lạc Sơn" not in on_2020.content.decode()
    assert "Xã Lạc Sơn" not in today.content.decode()


def test_unit_listing_filters_by_level_and_province(as_user, province):
    other = AdminUnit(code="42", name="Hà Tĩnh", type="tinh", level=1)
    other.fill_derived()
    other.save()
    client = as_user("doluong")

    districts = client.get(url(UNITS, "index"), {"level": 2}).content.decode()
    in_ha_tinh = client.get(url(UNITS, "index"), {"province": other.pk}).content.decode()

    assert "Huyện Đô Lương" in districts
    assert "Xã Đà Sơn" not in districts
    assert "Tỉnh Hà Tĩnh" in in_ha_tinh
    assert "Huyện Đô Lương" not in in_ha_tinh


def test_unit_listing_is_in_vietnamese_order(as_user, two_districts):
    content = as_user("doluong").get(url(UNITS, "index"), {"level": 2}).content.decode()

    # "Đô" sorts after every "D…" and before "E…"; "Yên" last.
    assert content.index("Huyện Đô Lương") < content.index("Huyện Yên Thành")


def test_unit_page_shows_ancestors_children_history_and_population(as_user, two_districts):
    do_luong, _ = two_districts
    merged = CommuneFactory(
        code="17499", name="Thịnh Sơn", parent=do_luong, valid_to=date(2019, 12, 31)
    )
    da_son = AdminUnit.objects.get(name="Đà Sơn")
    UnitSuccession.objects.create(
        predecessor=merged, successor=da_son, kind="full", effective=date(2020, 1, 1)
    )
    PopulationFactory(unit=do_luong, year=2019, total=192390)
    client = as_user("doluong")

    content = client.get(url(UNITS, "inspect", do_luong.pk)).content.decode()
    past = client.get(url(UNITS, "inspect", do_luong.pk), {"on": "2019-01-01"}).content
    commune = client.get(url(UNITS, "inspect", da_son.pk)).content.decode()
    old = client.get(url(UNITS, "inspect", merged.pk)).content.decode()

    assert "Tỉnh Nghệ An" in content
    assert "Xã Đà Sơn" in content
    assert "Xã Thịnh Sơn" not in content
    assert "192.390" in content
    assert "Xã Thịnh Sơn" in past.decode()
    whole = str(UnitSuccession.Kind.FULL.label)
    assert f"Xã Thịnh Sơn (Huyện Đô Lương)</a> — {whole}, 01/01/2020" in commune
    assert f"Xã Đà Sơn (Huyện Đô Lương)</a> — {whole}, 01/01/2020" in old


def test_units_are_read_only(as_user, two_districts):
    client = as_user("department_user")

    response = client.get(url(UNITS, "index"))

    assert response.status_code == 200
    assert client.get(f"/admin/directory/units/edit/{two_districts[0].pk}/").status_code == 404
    assert client.get("/admin/directory/units/new/").status_code == 404


def test_unit_export_is_the_listed_map(as_user):
    response = as_user("doluong").get(url(UNITS, "index"), {"export": "xlsx", "level": 2})

    rows = xlsx_rows(response)
    assert len(rows[0]) == 8  # a heading for every exported column
    assert sorted(row[1] for row in rows[1:]) == ["Huyện Yên Thành", "Huyện Đô Lương"]


# --- permissions and the menu ---------------------------------------------------------------


def test_user_without_view_permission_gets_no_menu_item_and_is_refused(client, roles, province):
    access_only = Group.objects.create(name="Chỉ vào quản trị")
    access_only.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(UserFactory(groups=[access_only]))

    # Wagtail answers a refused admin page with a redirect home and a message.
    for path in (url(ORGS, "index"), url(UNITS, "index"), url(ORGS, "add")):
        response = client.get(path)
        assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))
    assert url(ORGS, "index") not in client.get("/admin/").content.decode()


def test_directory_menu_lists_what_the_role_may_see(as_user):
    content = as_user("doluong").get("/admin/").content.decode()

    assert url(ORGS, "index") in content
    assert url(UNITS, "index") in content
    assert url("directory_people", "index") in content
    # A district officer has no cluster permission.
    assert url("directory_clusters", "index") not in content


# --- people, clusters, population ------------------------------------------------------------


def test_district_user_adds_a_person_with_a_login_name(as_user, district_setup):
    client = as_user("doluong")
    committee = district_setup["doluong"]["committee"]

    response = client.post(
        url("directory_people", "add"),
        {
            "full_name": "Trần Thị Hoa",
            "organisation": committee.pk,
            "position": Person.Position.OFFICER,
            "position_detail": "",
            "email": "hoa@doluong.vn",
            "phone": "",
            "username": "hoa.dl",
        },
    )

    assert response.status_code == 302
    person = Person.objects.get(full_name="Trần Thị Hoa")
    assert person.user.username == "hoa.dl"
    assert not person.user.has_usable_password()
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(person.pk))


def test_taken_login_name_is_shown_on_the_field(as_user, district_setup):
    response = as_user("doluong").post(
        url("directory_people", "add"),
        {
            "full_name": "Trần Thị Hoa",
            "organisation": district_setup["doluong"]["committee"].pk,
            "position": Person.Position.OFFICER,
            "username": "yenthanh",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not Person.objects.filter(full_name="Trần Thị Hoa").exists()


def test_people_listing_is_scoped_and_searchable(as_user, district_setup):
    PersonFactory(full_name="Nguyễn Đình Lương", organisation=district_setup["doluong"]["division"])
    PersonFactory(full_name="Lê Văn Thành", organisation=district_setup["yenthanh"]["division"])
    client = as_user("doluong")

    content = client.get(url("directory_people", "index")).content.decode()
    found = client.get(url("directory_people", "index"), {"q": "dinh luong"}).content.decode()

    assert "Nguyễn Đình Lương" in content
    assert "Lê Văn Thành" not in content
    assert "Nguyễn Đình Lương" in found


def test_department_user_creates_a_cluster_through_the_service(as_user, district_setup, department):
    client = as_user("department_user")
    do_luong = district_setup["doluong"]["unit"]
    yen_thanh = district_setup["yenthanh"]["unit"]

    response = client.post(
        url("directory_clusters", "add"),
        {
            "name": "Cụm 1",
            "organisation": department.pk,
            "lead_unit": yen_thanh.pk,
            "members": [yen_thanh.pk, do_luong.pk],
            "valid_from": "",
            "valid_to": "",
            "note": "",
        },
    )

    assert response.status_code == 302
    cluster = Cluster.objects.get(name="Cụm 1")
    assert set(cluster.members.all()) == {do_luong, yen_thanh}
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(cluster.pk))
    rows = xlsx_rows(client.get(url("directory_clusters", "index"), {"export": "xlsx"}))
    assert rows[1][0] == "Cụm 1"
    assert "Huyện Yên Thành" in rows[1][3]


def test_cluster_lead_outside_members_is_refused_by_the_service(
    as_user, district_setup, department
):
    do_luong = district_setup["doluong"]["unit"]
    yen_thanh = district_setup["yenthanh"]["unit"]

    response = as_user("department_user").post(
        url("directory_clusters", "add"),
        {
            "name": "Cụm 1",
            "organisation": department.pk,
            "lead_unit": yen_thanh.pk,
            "members": [do_luong.pk],
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["lead_unit"]
    assert not Cluster.objects.exists()


def test_population_listing_and_export(as_user, two_districts):
    PopulationFactory(unit=two_districts[0], year=2019, total=192390)
    client = as_user("doluong")

    content = client.get(url("directory_population", "index"), {"q": "do luong"}).content
    rows = xlsx_rows(client.get(url("directory_population", "index"), {"export": "xlsx"}))

    assert "192.390" in content.decode()
    assert rows[1][:4] == ("425", "Huyện Đô Lương", 2019, 192390)


def test_dates_in_forms_and_listings_read_day_first(as_user, district_setup):
    client = as_user("doluong")
    start = timezone.localdate() - timedelta(days=10)
    client.post(
        url(ORGS, "add"),
        organisation_form(
            admin_unit=district_setup["doluong"]["unit"].pk,
            valid_from=start.strftime("%d/%m/%Y"),
        ),
    )

    created = Organisation.objects.get(name__startswith="Trung tâm")
    assert created.valid_from == start


def test_every_directory_page_opens_for_the_department(as_user, district_setup, department):
    person = district_setup["doluong"]["committee"].people.get()
    cluster = ClusterFactory(organisation=department, lead_unit=district_setup["doluong"]["unit"])
    cluster.members.set([district_setup["doluong"]["unit"]])
    population = PopulationFactory(unit=district_setup["doluong"]["unit"])
    client = as_user("department_user")
    pages = [
        url(ORGS, "add"),
        url(ORGS, "edit", department.pk),
        url(ORGS, "inspect", department.pk),
        url(ORGS, "history", department.pk),
        url("directory_people", "add"),
        url("directory_people", "edit", person.pk),
        url("directory_people", "inspect", person.pk),
        url("directory_clusters", "add"),
        url("directory_clusters", "edit", cluster.pk),
        url("directory_clusters", "inspect", cluster.pk),
        url("directory_population", "inspect", population.pk),
        url(UNITS, "index") + "?on=not-a-date",
    ]

    assert {path: client.get(path).status_code for path in pages} == dict.fromkeys(pages, 200)


def test_import_history_is_listed_for_administrators_only(client, district_setup, admin_user):
    from congso.directory.services import import_run_record

    run = import_run_record(
        user=None,
        kind="units:2023",
        started=timezone.now(),
        report={"2023": {"created": 11367, "updated": 0}},
        dry_run=False,
    )
    client.force_login(admin_user)
    listing = client.get(reverse("directory_imports:index")).content.decode()
    assert "units:2023" in listing
    assert "11367" in listing
    page = client.get(reverse("directory_imports:inspect", args=[run.pk]))
    assert page.status_code == 200

    client.force_login(district_setup["doluong"]["user"])
    refused = client.get(reverse("directory_imports:index"))
    assert refused.status_code == 302


def test_unit_chooser_offers_only_units_in_scope_and_folds_accents(as_user, district_setup):
    client = as_user("doluong")
    results = reverse("directory_unit_chooser:choose_results")
    own = client.get(results, {"q": "da son"}).content.decode()
    assert "Đà Sơn" in own
    other = client.get(results, {"q": "hop thanh"}).content.decode()
    assert "Hợp Thành" not in other


def test_organisation_form_picks_its_unit_with_the_chooser_not_a_long_list(as_user):
    html = as_user("department_user").get(url(ORGS, "add")).content.decode()
    assert reverse("directory_unit_chooser:choose") in html
    assert "Hợp Thành (Huyện Yên Thành)" not in html
