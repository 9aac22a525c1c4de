"""What the directory's screens show a civil servant: values, the map's date, sources, exports,
search."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
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
