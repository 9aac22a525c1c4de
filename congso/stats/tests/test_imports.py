import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from congso.core.actors import SYSTEM
from congso.stats import imports, services
from congso.stats.models import DataSetReporter, DataValue, DataValueChange, Submission
from congso.stats.models_analytics import ApprovedValue
from congso.stats.services import ValueInput

HEADER = "dataelement,period,orgunit,categoryoptioncombo,value,comment\n"


def csv_import(world, text, user=None, dry_run=False, organisation=None):
    return imports.import_rows(
        user=user or world.users["vnpt"],
        organisation=organisation or world.vnpt,
        rows=imports.read_dhis2_csv(io.StringIO(text)),
        dry_run=dry_run,
    )


GOOD = (
    HEADER
    + "REVENUE,2014Q1,40,,971.8,Ước thực hiện\n"
    + "PHONE_SUBS,2014Q1,40,MOBILE,40532154,\n"
    + "PHONE_SUBS,2014Q1,40,FIXED,180000,\n"
)


def test_a_dhis2_csv_is_imported_whole(world):
    result = csv_import(world, GOOD)
    assert result.ok, result.problems
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    assert DataValue.objects.get(element=world.revenue).comment == "Ước thực hiện"
    assert DataValue.objects.get(element=world.revenue).source == "import"
    assert Submission.objects.get(organisation=world.vnpt, period="2014Q1").state == "draft"


def test_a_dry_run_counts_and_saves_nothing(world):
    result = csv_import(world, GOOD, dry_run=True)
    assert result.ok and result.rows == 3
    assert not DataValue.objects.exists()


def test_a_second_import_updates_and_keeps_the_change(world):
    csv_import(world, GOOD)
    result = csv_import(world, GOOD.replace("971.8", "980"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    change = DataValueChange.objects.get(action="update")
    assert (change.old_value, change.new_value) == (Decimal("971.8"), Decimal("980"))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("REVENUE,2014Q1,40,,971,8,", "nhiều cột hơn"),  # a Vietnamese comma splits the column
        ('REVENUE,2014Q1,40,,"971,8",', "không phải là số"),
        ("REVENUE,2014Q1,40,,40.532.154,", "không phải là số"),
        ("REVENUE,2014Q1,40,,,", "không phải là số"),
        ("REVENUE,2014Q5,40,,1,", "không phải là kỳ báo cáo"),
        ("REVENUE,201403,40,,1,", "không báo cáo"),
        ("NOPE,2014Q1,40,,1,", "Không có chỉ tiêu"),
        ("REVENUE,2014Q1,425,,1,", "không báo cáo cho địa bàn"),
        ("REVENUE,2014Q1,40,MOBILE,1,", "không có phân tổ"),
        ("PHONE_SUBS,2014Q1,40,,1,", "không phải là mục phân tổ"),
        ("PHONE_SUBS,2014Q1,40,MOBILE,1.5,", "số nguyên"),
        ("REVENUE,2014Q1,40,,1" + "0" * 30 + ",", "không phải là số"),
    ],
)
def test_each_bad_row_is_reported_by_its_number_and_nothing_is_saved(world, line, message):
    text = GOOD + line + "\n"
    result = csv_import(world, text)
    assert not result.ok
    assert result.problems[0][0] == "dòng 5"
    assert message in result.problems[0][1], result.problems
    assert not DataValue.objects.exists()


def test_a_repeated_key_is_reported_with_the_first_position(world):
    result = csv_import(world, GOOD + "REVENUE,2014Q1,40,,1,\n")
    assert result.problems == [("dòng 5", "Trùng với số liệu ở dòng 2.")]


def test_approved_figures_cannot_be_imported_over(world):
    csv_import(world, GOOD)
    services.submission_submit(
        user=SYSTEM, data_set=world.data_set, period="2014Q1", organisation=world.vnpt
    )
    services.submission_approve(
        user=SYSTEM, submission=Submission.objects.get(organisation=world.vnpt)
    )
    result = csv_import(world, GOOD.replace("971.8", "1"))
    assert not result.ok and "đã được duyệt" in result.problems[0][1]
    assert DataValue.objects.get(element=world.revenue).value == Decimal("971.8")


def _approve(world, data_set, period="2014Q1"):
    services.submission_submit(
        user=SYSTEM, data_set=data_set, period=period, organisation=world.vnpt
    )
    services.submission_approve(
        user=SYSTEM,
        submission=Submission.objects.get(
            organisation=world.vnpt, data_set=data_set, period=period
        ),
    )


def test_a_value_approved_in_another_data_set_cannot_be_imported_over(world):
    csv_import(world, GOOD)
    revenue_set = services.data_set_save(
        user=SYSTEM,
        data={
            "code": "REVENUE_Q",
            "name": "Doanh thu quý",
            "period_type": "quarterly",
            "deadline_days": 15,
            "approver": world.division,
        },
        elements=[world.revenue],
        reporters=[(world.vnpt, world.province)],
    )
    _approve(world, revenue_set)
    approved = ApprovedValue.objects.get(element=world.revenue, organisation=world.vnpt)

    result = csv_import(world, GOOD.replace("971.8", "1"))

    assert not result.ok
    assert result.problems == [
        ("dòng 2", "Số liệu Quý I/2014 đã được duyệt: chỉ sửa được sau khi huỷ duyệt.")
    ]
    assert DataValue.objects.get(element=world.revenue).value == Decimal("971.8")
    approved.refresh_from_db()
    assert approved.value == Decimal("971.8")


def test_figures_approved_while_the_file_is_read_are_not_imported_over(world):
    csv_import(world, GOOD)

    def rows_then_approval():
        yield from imports.read_dhis2_csv(io.StringIO(GOOD.replace("971.8", "1")))
        _approve(world, world.data_set)

    result = imports.import_rows(
        user=world.users["vnpt"], organisation=world.vnpt, rows=rows_then_approval()
    )

    assert not result.ok and result.problem_count == 3
    assert "đã được duyệt" in result.problems[0][1]
    assert (result.created, result.updated) == (0, 0)
    assert DataValue.objects.get(element=world.revenue).value == Decimal("971.8")
    assert not DataValueChange.objects.exists()
    assert ApprovedValue.objects.get(element=world.revenue).value == Decimal("971.8")


ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one writer in at a time"
)


@ON_POSTGRESQL
def test_a_key_stored_between_the_check_and_the_copy_refuses_the_file_with_a_message(
    world, monkeypatch
):
    csv_import(world, GOOD)
    # As if another writer had stored the keys after the import looked for stored ones.
    monkeypatch.setattr(imports, "_has_existing", lambda rows, organisation: False)

    result = csv_import(world, GOOD.replace("971.8", "1"))

    assert not result.ok
    assert "Nhập lại tệp" in result.problems[0][1]
    assert (result.created, result.updated) == (0, 0)
    assert DataValue.objects.get(element=world.revenue).value == Decimal("971.8")
    assert not DataValueChange.objects.exists()


@ON_POSTGRESQL
def test_a_first_import_stored_while_read_keeps_nothing_when_a_late_row_is_wrong(
    world, monkeypatch
):
    # chunks of one row: the good rows reach the database before the wrong one is read
    monkeypatch.setattr(imports, "_STREAM_CHUNK", 1)
    sent = []
    stream = imports._stream_new_postgresql

    def spy(rows, *args, **kwargs):
        sent.append(True)
        return stream(rows, *args, **kwargs)

    monkeypatch.setattr(imports, "_stream_new_postgresql", spy)

    result = csv_import(world, GOOD + "PHONE_SUBS,2014Q2,40,MOBILE,nhiều,\n")

    assert sent and not result.ok
    assert result.problems[0][0] == "dòng 5"
    assert (result.created, result.updated) == (0, 0)
    assert not DataValue.objects.exists()
    assert not Submission.objects.exists()


@ON_POSTGRESQL
def test_a_first_import_stored_while_read_equals_one_stored_after(world, monkeypatch):
    monkeypatch.setattr(imports, "_STREAM_CHUNK", 2)
    first = csv_import(world, GOOD)
    streamed = sorted(
        DataValue.objects.values_list("element_id", "option_id", "period", "unit_id", "value")
    )
    assert (first.rows, first.created) == (3, 3)
    DataValue.objects.all().delete()
    Submission.objects.all().delete()
    # an organisation with values takes the other path: check the file, then store it
    services.datavalue_save(
        user=world.users["vnpt"],
        data_set=world.data_set,
        period="2013Q4",
        organisation=world.vnpt,
        values=[ValueInput(world.revenue, None, Decimal("5"))],
    )

    second = csv_import(world, GOOD)

    assert (second.rows, second.created) == (3, 3)
    stored = sorted(
        DataValue.objects.exclude(period="2013Q4").values_list(
            "element_id", "option_id", "period", "unit_id", "value"
        )
    )
    assert stored == streamed
    assert Submission.objects.get(organisation=world.vnpt, period="2014Q1").state == "draft"


@ON_POSTGRESQL
def test_a_form_takes_the_lock_an_import_holds_before_its_submissions(world):
    with CaptureQueriesContext(connection) as queries:
        services.datavalue_save(
            user=world.users["vnpt"],
            data_set=world.data_set,
            period="2014Q1",
            organisation=world.vnpt,
            values=[ValueInput(world.revenue, None, Decimal("5"))],
        )
    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert '"directory_organisation"' in locks[0]
    assert '"stats_submission"' in locks[1]


def test_an_enterprise_cannot_import_for_another(world):
    with pytest.raises(PermissionDenied):
        csv_import(world, GOOD, organisation=world.viettel)


def test_a_csv_without_the_columns_is_refused_whole(world):
    with pytest.raises(imports.ImportError_, match="thiếu"):
        csv_import(world, "a,b\n1,2\n")


def test_dhis2_json_both_ways(world):
    document = {
        "dataValues": [
            {"dataElement": "REVENUE", "period": "2014Q1", "orgUnit": "40", "value": "971.8"},
            {
                "dataElement": "PHONE_SUBS",
                "period": "2014Q1",
                "orgUnit": "40",
                "categoryOptionCombo": "MOBILE",
                "value": "40532154",
                "comment": "luỹ kế",
            },
        ]
    }
    result = imports.import_rows(
        user=world.users["vnpt"],
        organisation=world.vnpt,
        rows=imports.read_dhis2_json(json.dumps(document)),
    )
    assert result.ok and result.created == 2
    exported = json.loads(imports.export_json(DataValue.objects.order_by("element__code")))
    assert [
        (v["dataElement"], v["categoryOptionCombo"], v["value"]) for v in exported["dataValues"]
    ] == [("PHONE_SUBS", "MOBILE", "40532154"), ("REVENUE", "", "971.8")]
    # what was exported imports back unchanged
    again = imports.import_rows(
        user=world.users["vnpt"],
        organisation=world.vnpt,
        rows=imports.read_dhis2_json(json.dumps(exported)),
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    csv_text = imports.export_csv(DataValue.objects.all())
    assert csv_text.startswith("dataelement,period,orgunit,categoryoptioncombo,value")
    assert csv_import(world, csv_text).unchanged == 2


def test_a_broken_json_record_is_reported_by_its_number(world):
    result = imports.import_rows(
        user=world.users["vnpt"],
        organisation=world.vnpt,
        rows=imports.read_dhis2_json('{"dataValues": [{"dataElement": "REVENUE"}, 3]}'),
    )
    assert [p[0] for p in result.problems] == ["bản ghi 1", "bản ghi 2"]
    with pytest.raises(imports.ImportError_):
        list(imports.read_dhis2_json("{nope"))


def reporter(world):
    return DataSetReporter.objects.get(data_set=world.data_set, organisation=world.vnpt)


def filled(world, values: dict) -> bytes:
    book = load_workbook(io.BytesIO(imports.template_workbook(reporter(world), _q1())))
    sheet = book[imports.TEMPLATE_SHEET]
    for row in sheet.iter_rows(min_row=imports.FIRST_ROW):
        key = (row[0].value, row[2].value or "")
        if key in values:
            row[imports.COL_VALUE - 1].value = values[key]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _q1():
    from congso.stats.periods import parse

    return parse("2014Q1")


def test_the_excel_template_round_trip_with_vietnamese_text_and_numbers(world):
    services.datavalue_save(
        user=SYSTEM,
        data_set=world.data_set,
        period="2013Q4",
        organisation=world.vnpt,
        values=[ValueInput(world.revenue, None, Decimal("900"))],
    )
    book = load_workbook(io.BytesIO(imports.template_workbook(reporter(world), _q1())))
    rows = list(book[imports.TEMPLATE_SHEET].iter_rows(min_row=imports.FIRST_ROW, values_only=True))
    assert [(r[0], r[2]) for r in rows] == [
        ("REVENUE", None),
        ("PHONE_DENSITY", None),
        ("PHONE_SUBS", "FIXED"),
        ("PHONE_SUBS", "MOBILE"),
    ]
    assert rows[0][5] == 900  # last period beside the field
    data = filled(world, {("REVENUE", ""): "971,8", ("PHONE_SUBS", "MOBILE"): 40532154})
    result = imports.import_template(user=world.users["vnpt"], reporter=reporter(world), data=data)
    assert result.ok, result.problems
    assert result.created == 2
    assert DataValue.objects.get(element=world.revenue, period="2014Q1").value == Decimal("971.8")


def test_an_english_number_in_the_template_is_refused_by_its_cell(world):
    data = filled(world, {("REVENUE", ""): "971.8", ("PHONE_SUBS", "MOBILE"): "40,532,154"})
    result = imports.import_template(user=world.users["vnpt"], reporter=reporter(world), data=data)
    assert [p[0] for p in result.problems] == ["ô G6", "ô G9"]
    assert "kiểu tiếng Anh" in result.problems[0][1]
    assert not DataValue.objects.exists()


def test_a_file_that_is_no_workbook_is_refused(world):
    with pytest.raises(imports.ImportError_, match="Excel"):
        imports.import_template(user=world.users["vnpt"], reporter=reporter(world), data=b"xx")
