import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from congso.stats import imports
from congso.stats.models import DataSetReporter, DataValue, ValidationRule


def reporter(world):
    return DataSetReporter.objects.get(data_set=world.data_set, organisation=world.vnpt)


def test_template_download_fill_and_upload_with_a_dry_run_first(client, world):
    client.force_login(world.users["vnpt"])
    response = client.get(reverse("stats_template", args=[reporter(world).pk, "2014Q1"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book[imports.TEMPLATE_SHEET]
    for row in sheet.iter_rows(min_row=imports.FIRST_ROW):
        if row[0].value == "REVENUE":
            row[imports.COL_VALUE - 1].value = "971,8"
    out = io.BytesIO()
    book.save(out)

    def upload(dry_run):
        data = {"organisation": world.vnpt.pk, "file": io.BytesIO(out.getvalue())}
        data["file"].name = "mau.xlsx"
        if dry_run:
            data["dry_run"] = "on"
        return client.post(reverse("stats_import"), data)

    page = upload(True).content.decode()
    assert "không lưu gì" in page
    assert not DataValue.objects.exists()
    upload(False)
    assert DataValue.objects.get().value == Decimal("971.8")


def test_a_bad_csv_lists_its_rows(client, world):
    client.force_login(world.users["vnpt"])
    text = (
        "dataelement,period,orgunit,categoryoptioncombo,value\n"
        "REVENUE,2014Q1,40,,971.8\nREVENUE,2014Q9,40,,1\n"
    )
    upload = io.BytesIO(text.encode())
    upload.name = "values.csv"
    page = client.post(
        reverse("stats_import"), {"organisation": world.vnpt.pk, "file": upload}
    ).content.decode()
    assert "dòng 3" in page
    assert not DataValue.objects.exists()


def test_another_organisation_cannot_be_chosen_for_an_import(client, world):
    client.force_login(world.users["vnpt"])
    upload = io.BytesIO(b"dataelement,period,orgunit,value\nREVENUE,2014Q1,40,1\n")
    upload.name = "values.csv"
    response = client.post(
        reverse("stats_import"), {"organisation": world.viettel.pk, "file": upload}
    )
    assert response.status_code == 200
    assert not DataValue.objects.exists()


def test_the_export_of_a_form(client, world):
    client.force_login(world.users["vnpt"])
    upload = io.BytesIO(b"dataelement,period,orgunit,value\nREVENUE,2014Q1,40,971.8\n")
    upload.name = "values.csv"
    client.post(reverse("stats_import"), {"organisation": world.vnpt.pk, "file": upload})
    url = reverse("stats_export", args=[reporter(world).pk, "2014Q1"])
    assert client.get(url).json()["dataValues"][0]["value"] == "971.8"
    assert (
        client.get(url, {"format": "csv"})
        .content.decode()
        .splitlines()[1]
        .startswith("REVENUE,2014Q1,40,,971.8")
    )
    client.force_login(world.users["viettel"])
    assert client.get(url).status_code == 404


def test_checks_list_violations_with_both_sides_and_outliers(client, world):
    from congso.core.actors import SYSTEM
    from congso.stats import services
    from congso.stats.services import ValueInput

    for period, value in [
        ("2013Q1", "100"),
        ("2013Q2", "101"),
        ("2013Q3", "99"),
        ("2013Q4", "100"),
        ("2014Q1", "900"),
    ]:
        services.datavalue_save(
            user=SYSTEM,
            data_set=world.data_set,
            period=period,
            organisation=world.vnpt,
            values=[ValueInput(world.revenue, None, Decimal(value))],
        )
    services.rule_save(
        user=SYSTEM,
        data={
            "code": "REV_SMALL",
            "name": "Doanh thu dưới 500",
            "left": "#{REVENUE}",
            "operator": "<",
            "right": "500",
            "importance": ValidationRule.Importance.LOW,
            "period_type": "quarterly",
            "data_set": world.data_set,
            "missing_value_strategy": "skip_if_any",
        },
    )
    client.force_login(world.users["staff"])
    page = client.get(
        reverse("stats_checks"),
        {"data_set": world.data_set.pk, "first": "2013Q1", "last": "2014Q1"},
    ).content.decode()
    assert "Doanh thu dưới 500" in page and "900" in page
    assert "Khác xa" in page or "Ngoài khoảng" in page
    bad = client.get(
        reverse("stats_checks"),
        {"data_set": world.data_set.pk, "first": "2014Q1", "last": "201403"},
    )
    assert bad.status_code == 200
