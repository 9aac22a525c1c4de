"""The desk's screens: a dossier page with its actions, files behind the scope check, the
printable slips, recording at the desk, the import and the statistics."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from congso.core.actors import SYSTEM
from congso.onestop import services
from congso.onestop.importers import import_procedures, read_rows
from congso.onestop.models import CalendarDay, Dossier, Procedure
from congso.onestop.selectors import on_time_statistics, on_time_statistics_for

from .conftest import APPLICANT, pdf

pytestmark = pytest.mark.django_db


def online(procedure):
    draft = services.dossier_draft_save(
        user=AnonymousUser(),
        procedure=procedure,
        data=APPLICANT,
        uploads={d.pk: pdf() for d in procedure.documents.all()},
    )
    return services.dossier_submit(user=AnonymousUser(), dossier=draft)


def test_a_clerk_accepts_from_the_dossier_page_and_prints_every_slip(client, onestop):
    dossier = online(onestop["procedure"])
    client.force_login(onestop["department_user"])
    page = client.get(reverse("onestop_dossiers:inspect", args=[dossier.pk]))
    assert page.status_code == 200 and dossier.code in page.text
    response = client.post(reverse("onestop_dossier_action", args=[dossier.pk, "accept"]))
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.PROCESSING
    client.post(
        reverse("onestop_dossier_action", args=[dossier.pk, "supplement"]),
        {"act-items": "Bản sao CCCD"},
    )
    client.post(reverse("onestop_dossier_action", args=[dossier.pk, "supplement_received"]), {})
    client.post(
        reverse("onestop_dossier_action", args=[dossier.pk, "apology"]),
        {"act-new_due": "2099-01-05", "act-reason": "Cần xác minh"},
    )
    for document in ("receipt", "supplement", "apology", "control"):
        response = client.get(reverse("onestop_dossier_print", args=[dossier.pk, document]))
        assert response.status_code == 200, document
        assert dossier.code in response.text
    assert (
        "05/01/2099"
        in client.get(reverse("onestop_dossier_print", args=[dossier.pk, "apology"])).text
    )
    a5 = client.get(reverse("onestop_dossier_print", args=[dossier.pk, "receipt"]), {"size": "a5"})
    assert 'class="a5"' in a5.text
    register = client.get(reverse("onestop_register"), {"from": "2000-01-01", "to": "2100-01-01"})
    assert dossier.code in register.text


def test_a_refusal_is_printed_with_its_reason(client, onestop):
    dossier = online(onestop["procedure"])
    client.force_login(onestop["department_user"])
    client.post(
        reverse("onestop_dossier_action", args=[dossier.pk, "refuse"]),
        {"act-reason": "Sai thẩm quyền"},
    )
    text = client.get(reverse("onestop_dossier_print", args=[dossier.pk, "refusal"])).text
    assert "Sai thẩm quyền" in text


def test_an_action_refused_by_the_service_changes_nothing_and_says_why(client, onestop):
    dossier = online(onestop["procedure"])
    client.force_login(onestop["department_user"])
    response = client.post(
        reverse("onestop_dossier_action", args=[dossier.pk, "result_ready"]), follow=True
    )
    assert response.status_code == 200
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.SUBMITTED


def test_another_communes_clerk_opens_neither_the_dossier_nor_its_files(client, onestop):
    own = onestop["xa_a"]
    dossier = services.dossier_record(
        user=own["user"],
        procedure=own["procedure"],
        data=APPLICANT,
        channel="post",
        uploads={d.pk: pdf() for d in own["procedure"].documents.all()},
    )
    file = dossier.files.first()
    client.force_login(onestop["xa_b"]["user"])
    assert client.get(reverse("onestop_dossiers:inspect", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("onestop_dossier_file", args=[file.pk])).status_code == 404
    assert (
        client.get(reverse("onestop_dossier_print", args=[dossier.pk, "receipt"])).status_code
        == 404
    )
    client.post(reverse("onestop_dossier_action", args=[dossier.pk, "result_ready"]))
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.PROCESSING
    client.force_login(own["user"])
    response = client.get(reverse("onestop_dossier_file", args=[file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_clerk_records_a_dossier_received_by_post(client, onestop):
    own = onestop["xa_a"]
    client.force_login(own["user"])
    response = client.post(
        reverse("onestop_dossier_record"),
        {
            "procedure": own["procedure"].pk,
            "channel": "post",
            **{k: v for k, v in APPLICANT.items() if k != "consent"},
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.channel == "post" and dossier.status == Dossier.Status.PROCESSING
    # Another commune's procedure is not offered.
    response = client.post(
        reverse("onestop_dossier_record"),
        {"procedure": onestop["xa_b"]["procedure"].pk, "channel": "desk", **APPLICANT},
    )
    assert response.status_code == 200
    assert Dossier.objects.count() == 1


def test_the_dossier_list_has_a_constant_number_of_queries(client, onestop):
    client.force_login(onestop["department_user"])
    url = reverse("onestop_dossiers:index")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _i in range(3):
        online(onestop["procedure"])
    few = count()
    for _i in range(27):
        online(onestop["procedure"])
    assert count() == few


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Mã thủ tục",
            "Tên thủ tục",
            "Lĩnh vực",
            "Cấp thực hiện",
            "Cơ quan thực hiện",
            "Thời hạn (ngày làm việc)",
            "Mức độ trực tuyến",
            "Thành phần hồ sơ",
            "Các bước",
        ]
    )
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    "3.001",
    "Cấp phép in",
    "In",
    "tỉnh",
    "Sở Thông tin và Truyền thông Nghệ An",
    5,
    "toàn trình",
    "Đơn\nBản sao",
    "Tiếp nhận | 20\nThẩm định | 80",
]


def test_the_import_checks_every_row_and_writes_all_or_nothing(onestop):
    bad = ["3.002", "Sai", "In", "quận", "Không có", "năm", "", "", ""]
    rows = read_rows("ds.xlsx", _xlsx([GOOD, bad]))
    report = import_procedures(user=SYSTEM, rows=rows)
    assert not report.ok
    assert [number for number, _message in report.errors] == [3]
    assert not Procedure.objects.filter(code__in=["3.001", "3.002"]).exists()
    report = import_procedures(user=SYSTEM, rows=read_rows("ds.xlsx", _xlsx([GOOD])), dry_run=True)
    assert report.ok and report.created == 1
    assert not Procedure.objects.filter(code="3.001").exists()
    report = import_procedures(user=SYSTEM, rows=read_rows("ds.xlsx", _xlsx([GOOD])))
    procedure = Procedure.objects.get(code="3.001")
    assert procedure.online_level == "full" and procedure.processing_days == 5
    assert [s.share for s in procedure.steps.all()] == [20, 80]
    assert procedure.documents.count() == 2


def test_the_import_screen_and_a_csv_file(client, onestop):
    client.force_login(onestop["department_user"])
    text = (
        "Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Cơ quan thực hiện,Thời hạn (ngày làm việc)\n"
    )
    text += "4.001,Cấp phép bưu chính,Bưu chính,tỉnh,Sở Thông tin và Truyền thông Nghệ An,10\n"
    upload = io.BytesIO(("\ufeff" + text).encode())
    upload.name = "ds.csv"
    response = client.post(reverse("onestop_procedure_import"), {"file": upload})
    assert response.status_code == 200
    assert Procedure.objects.filter(code="4.001").exists()
    # A commune clerk cannot import for the department.
    client.force_login(onestop["xa_a"]["user"])
    upload = io.BytesIO(text.replace("4.001", "4.002").encode())
    upload.name = "ds.csv"
    client.post(reverse("onestop_procedure_import"), {"file": upload})
    assert not Procedure.objects.filter(code="4.002").exists()


def test_on_time_statistics_count_each_outcome(onestop):
    clerk = onestop["department_user"]
    procedure = onestop["procedure"]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    def at(d):
        return datetime(d.year, d.month, d.day, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

    received = date(2014, 3, 24)

    def record():
        return services.dossier_record(
            user=clerk, procedure=procedure, data=APPLICANT, channel="desk", now=at(received)
        )

    on_time = record()
    services.dossier_result_ready(user=clerk, dossier=on_time, now=at(date(2014, 3, 27)))
    late = record()
    services.dossier_result_ready(user=clerk, dossier=late, now=at(date(2014, 3, 31)))
    record()  # still open, past its deadline of 27/03
    services.dossier_refuse(user=clerk, dossier=record(), reason="Sai", now=at(received))
    [row] = on_time_statistics(
        start=date(2014, 3, 1), end=date(2014, 3, 31), group_by="all", today=date(2014, 4, 1)
    )
    assert (row.received, row.on_time, row.late, row.open_late, row.refused) == (4, 1, 1, 1, 1)
    assert row.on_time_share == 0.5
    [by_agency] = on_time_statistics(
        start=date(2014, 3, 1), end=date(2014, 3, 31), today=date(2014, 3, 25)
    )
    assert by_agency.key == onestop["department"].pk and by_agency.open_within == 1
    [march] = on_time_statistics(
        start=date(2014, 1, 1), end=date(2014, 12, 31), group_by="month", today=date(2014, 4, 1)
    )
    assert march.key.month == 3 and march.received == 4


def test_statistics_by_channel_procedure_and_field_with_the_share_handled_fully_online(onestop):
    clerk = onestop["department_user"]
    procedure = onestop["procedure"]  # fully online
    commune = onestop["xa_a"]
    accepted = services.dossier_accept(user=clerk, dossier=online(procedure))
    services.dossier_result_ready(user=clerk, dossier=accepted)
    services.dossier_return(user=clerk, dossier=accepted, method="online")
    services.dossier_accept(user=clerk, dossier=online(procedure))
    services.dossier_record(user=clerk, procedure=procedure, data=APPLICANT, channel="post")
    services.dossier_record(
        user=commune["user"], procedure=commune["procedure"], data=APPLICANT, channel="desk"
    )
    today = date.today()
    span = {"start": today.replace(day=1), "end": today}

    by_channel = {r.key: r for r in on_time_statistics(group_by="channel", **span)}
    assert {k: r.received for k, r in by_channel.items()} == {"online": 2, "post": 1, "desk": 1}
    assert by_channel["online"].fully_online == 2 and by_channel["online"].online_share == 1
    by_procedure = {r.key: r for r in on_time_statistics(group_by="procedure", **span)}
    assert by_procedure[procedure.pk].received == 3
    assert by_procedure[procedure.pk].online_share == 2 / 3
    assert by_procedure[commune["procedure"].pk].online_share == 0
    [everything] = on_time_statistics(group_by="all", **span)
    assert (everything.received, everything.fully_online, everything.on_time) == (4, 2, 1)
    assert everything.online_share == 0.5
    # The commune's clerk counts the commune's dossiers only.
    [field] = on_time_statistics_for(commune["user"], group_by="field", **span)
    assert field.received == 1


def test_the_statistics_screen_exports_excel(client, onestop):
    services.dossier_record(
        user=onestop["department_user"],
        procedure=onestop["procedure"],
        data=APPLICANT,
        channel="desk",
    )
    client.force_login(onestop["department_user"])
    today = date.today()
    params = {"start": "01/01/2000", "end": today.strftime("%d/%m/%Y"), "group_by": "field"}
    page = client.get(reverse("onestop_statistics"), params)
    assert page.status_code == 200 and "Xuất bản" in page.text
    response = client.get(reverse("onestop_statistics"), {**params, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(2, 2).value == 1


def test_the_calendar_is_edited_in_the_back_office(client, onestop):
    client.force_login(onestop["department_user"])
    response = client.post(
        reverse("onestop_calendar:add"),
        {"day": "2030-03-09", "kind": "working", "note": "Làm bù"},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get().kind == "working"
    client.force_login(onestop["xa_a"]["user"])
    assert client.get(reverse("onestop_calendar:add")).status_code in (302, 403)


def test_a_file_that_is_no_spreadsheet_is_refused_with_a_message(client, onestop):
    client.force_login(onestop["department_user"])
    for name, content in (
        ("ds.xlsx", b"not a zip"),
        ("ds.csv", b"\xff\xfe\x00bad"),
        ("ds.txt", b"x"),
    ):
        upload = io.BytesIO(content)
        upload.name = name
        response = client.post(reverse("onestop_procedure_import"), {"file": upload})
        assert response.status_code == 200, name
        assert response.context["form"].errors, name


def test_applicants_files_live_outside_the_media_directory(onestop, settings):
    dossier = online(onestop["procedure"])
    stored = dossier.files.first().file
    assert stored.path.startswith(settings.ONESTOP_PRIVATE_ROOT)
    assert not stored.path.startswith(settings.MEDIA_ROOT)
    with pytest.raises(ValueError):
        stored.url  # noqa: B018


def test_the_control_slip_tells_each_step_early_on_time_or_late(client, onestop):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    clerk = onestop["department_user"]

    def at(d):
        return datetime(2014, 3, d, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

    # 3 working days from Monday 24/03/2014, two steps of 50 %: due 26/03 and 27/03.
    dossier = services.dossier_record(
        user=clerk, procedure=onestop["procedure"], data=APPLICANT, channel="desk", now=at(24)
    )
    services.dossier_step_complete(user=clerk, dossier=dossier, now=at(25))
    services.dossier_step_complete(user=clerk, dossier=dossier, now=at(28))
    client.force_login(clerk)
    text = client.get(reverse("onestop_dossier_print", args=[dossier.pk, "control"])).text
    assert "Trước hạn" in text and "Quá hạn" in text
    assert "26/03/2014" in text and "27/03/2014" in text


def test_the_import_command_reports_bad_rows_and_imports_good_files(onestop, tmp_path):
    from django.core.management import CommandError, call_command

    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(_xlsx([GOOD]))
    bad.write_bytes(_xlsx([GOOD, ["3.009", "Sai", "In", "quận", "?", "x", "", "", ""]]))
    with pytest.raises(CommandError):
        call_command(
            "import_procedures",
            str(bad),
            "--no-progress",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not Procedure.objects.filter(code="3.001").exists()
    call_command("import_procedures", str(good), "--dry-run", "--no-progress", stdout=io.StringIO())
    assert not Procedure.objects.filter(code="3.001").exists()
    call_command("import_procedures", str(good), "--no-progress", stdout=io.StringIO())
    assert Procedure.objects.filter(code="3.001").exists()
