"""The catalogue exported in the import's columns: it imports back unchanged (Excel and CSV),
an edit made in the file is what the import changes, and the dossiers under way keep their
current step and their files' documents."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from congso.core.actors import SYSTEM
from congso.onestop import services
from congso.onestop.importers import import_procedures, read_rows
from congso.onestop.models import Procedure

from .conftest import APPLICANT, uploads_for

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything the file carries, with the documents' and steps' identities."""
    fields = [
        "code",
        "national_code",
        "name",
        "sector",
        "level",
        "agency_id",
        "processing_days",
        "fees",
        "result",
        "legal_basis",
        "online_level",
        "inter_agency",
        "is_published",
    ]
    return {
        p.code: (
            [getattr(p, name) for name in fields],
            [(d.pk, d.order, d.name, d.copies, d.template.name) for d in p.documents.all()],
            [(s.pk, s.order, s.name, s.organisation_id, s.role, s.share) for s in p.steps.all()],
        )
        for p in Procedure.objects.order_by("code")
    }


@pytest.fixture
def catalogue(onestop):
    procedure = onestop["procedure"]
    procedure.fees = "Phí thẩm định: 500.000 đồng/hồ sơ"
    procedure.legal_basis = "Luật Xuất bản 2012;\nNghị định 195/2013/NĐ-CP"
    procedure.inter_agency = True
    procedure.save()
    first = procedure.documents.first()
    first.copies = 2
    first.template.save("mau-don.docx", ContentFile(b"mau"), save=True)
    step = procedure.steps.first()
    step.organisation = onestop["department"]
    step.save()
    return onestop


def export(client, user, kind):
    client.force_login(user)
    response = client.get(reverse("onestop_procedure_export", args=[kind]))
    assert response.status_code == 200
    return read_rows(f"danh-muc.{kind}", response.content)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_exported_catalogue_imports_back_unchanged(client, catalogue, kind):
    clerk = catalogue["department_user"]
    # A dossier half-way through its steps, with a file answering each document.
    dossier = services.dossier_record(
        user=clerk,
        procedure=catalogue["procedure"],
        data=APPLICANT,
        channel="desk",
        uploads=uploads_for(catalogue["procedure"]),
    )
    dossier = services.dossier_step_complete(user=clerk, dossier=dossier)
    step = dossier.current_step
    before = snapshot()

    rows = export(client, clerk, kind)
    assert len(rows) == Procedure.objects.count()
    report = import_procedures(user=clerk, rows=rows, dry_run=True)
    assert report.ok and report.created == 0 and report.updated == len(rows)
    report = import_procedures(user=clerk, rows=rows)
    assert report.ok

    assert snapshot() == before
    dossier.refresh_from_db()
    assert dossier.current_step == step
    assert all(f.document_id for f in dossier.files.all())


def test_an_edit_in_the_exported_file_is_what_the_import_changes(client, catalogue):
    clerk = catalogue["department_user"]
    rows = export(client, clerk, "xlsx")
    [row] = [r for r in rows if r["code"] == catalogue["procedure"].code]
    row["processing_days"] = "7"
    row["documents"] += "\nBản sao giấy phép cũ | 1"
    row["steps"] = row["steps"].replace("Bước 2", "Thẩm định hồ sơ")
    before = snapshot()

    assert import_procedures(user=clerk, rows=rows).ok

    after = snapshot()
    code = catalogue["procedure"].code
    assert after[code][0][6] == 7
    assert after[code][1][:2] == before[code][1]
    assert after[code][1][2][2:4] == ("Bản sao giấy phép cũ", 1)
    assert [s[0] for s in after[code][2]] == [s[0] for s in before[code][2]]
    assert after[code][2][1][2] == "Thẩm định hồ sơ"
    others = {k: v for k, v in after.items() if k != code}
    assert others == {k: v for k, v in before.items() if k != code}


def test_a_commune_exports_only_its_own_procedures(client, catalogue):
    rows = export(client, catalogue["xa_a"]["user"], "csv")
    assert [r["code"] for r in rows] == [catalogue["xa_a"]["procedure"].code]


def test_a_share_out_of_range_is_a_row_error(catalogue):
    row = {
        "code": "5.001",
        "name": "Cấp phép",
        "sector": "In",
        "level": "tỉnh",
        "agency": catalogue["department"].name,
        "processing_days": "5",
        "steps": "Tiếp nhận | Bộ phận một cửa | 120%",
    }
    report = import_procedures(user=SYSTEM, rows=[row])
    assert [number for number, _message in report.errors] == [2]
    assert not Procedure.objects.filter(code="5.001").exists()


def test_the_procedures_list_offers_the_catalogue_for_import(client, catalogue):
    client.force_login(catalogue["department_user"])
    page = client.get(reverse("onestop_procedures:index")).text
    for kind in ("xlsx", "csv"):
        assert reverse("onestop_procedure_export", args=[kind]) in page
