"""Records of one-stop services for the tests, made through the models (the services are what
the tests exercise)."""

from congso.directory.models import AdminUnit, Organisation
from congso.onestop.models import Desk, Procedure, ProcessingStep, RequiredDocument
from congso.testing.factories import CommuneFactory, OrganisationFactory
from congso.testing.fixtures import make_staff


def make_procedure(agency, code="1.001", *, days=3, level=1, online="full", steps=2, docs=2):
    procedure = Procedure(
        code=code,
        national_code=f"QG-{code}",
        name=f"Cấp giấy phép xuất bản bản tin {code}",
        sector="Xuất bản, In và Phát hành",
        level=level,
        agency=agency,
        processing_days=days,
        fees="Không",
        result="Giấy phép",
        legal_basis="Luật Xuất bản 2012",
        online_level=online,
    )
    procedure.fill_derived()
    procedure.save()
    for i in range(1, docs + 1):
        document = RequiredDocument(procedure=procedure, order=i, name=f"Giấy tờ {i}", copies=1)
        document.fill_derived()
        document.save()
    for i in range(1, steps + 1):
        step = ProcessingStep(
            procedure=procedure, order=i, name=f"Bước {i}", role="Chuyên viên", share=100 // steps
        )
        step.fill_derived()
        step.save()
    return procedure


def make_desk(organisation, code):
    desk = Desk(organisation=organisation, code=code)
    desk.fill_derived()
    desk.save()
    return desk


def make_onestop(roles, department, two_districts) -> dict:
    """The department and two communes with their desks, clerks and a procedure each."""
    do_luong, yen_thanh = two_districts
    make_desk(department, "000.00.22.H40")
    result = {
        "department": department,
        "department_user": make_staff(department, roles["department_staff"], "motcua_so"),
        "procedure": make_procedure(department),
    }
    for district, username, code in ((do_luong, "xa_a", "A"), (yen_thanh, "xa_b", "B")):
        commune = AdminUnit.objects.filter(parent=district).first() or CommuneFactory(
            parent=district
        )
        committee = OrganisationFactory(
            name=f"UBND xã {commune.name}",
            kind=Organisation.Kind.PEOPLES_COMMITTEE,
            admin_unit=commune,
        )
        make_desk(committee, f"000.{code}.40.H40")
        result[username] = {
            "committee": committee,
            "user": make_staff(committee, roles["commune_staff"], username),
            "procedure": make_procedure(committee, f"2.00{code}", level=3, online="partial"),
        }
    return result
