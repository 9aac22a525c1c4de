from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from congso.directory.models import AdminUnit, Cluster, Organisation, Person, Population

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_tells_the_story_of_nghe_an_in_2014(demo):
    output = demo
    province = AdminUnit.objects.get(level=1, code="40")
    on_2014 = AdminUnit.objects.valid_on(date(2014, 3, 26))
    districts = on_2014.filter(parent=province)
    assert districts.count() == 21
    assert districts.filter(code="413", name="Cửa Lò").exists()
    assert on_2014.filter(parent__parent=province).count() == 460
    assert AdminUnit.objects.valid_on(date(2025, 7, 1)).filter(parent=province).count() == 130
    assert Population.objects.get(unit=province, year=2019).total == 3_327_791

    department = Organisation.objects.get(kind="department", name__contains="Thông tin")
    assert department.children.filter(name="Phòng Bưu chính - Viễn thông").exists()
    for name in ("VNPT Nghệ An", "Viettel Nghệ An", "MobiFone Nghệ An", "Bưu điện tỉnh Nghệ An"):
        assert Organisation.objects.filter(name=name).exists()
    leads = dict(Cluster.objects.values_list("name", "lead_unit__name"))
    assert leads == {"Cụm 1": "Yên Thành", "Cụm 2": "Tương Dương", "Cụm 3": "Quỳnh Lưu"}
    assert Person.objects.get(position="director").organisation == department
    assert "21 district-level units" in output or "21 đơn vị cấp huyện" in output


def test_demo_prints_working_logins_for_every_role(demo):
    output = demo
    line = next(line for line in output.splitlines() if line.strip().startswith("doluong"))
    username, password = line.split()[:2]
    user = authenticate(username=username, password=password)
    assert user is not None
    assert user.person.organisation.name == "UBND huyện Đô Lương"
    admin_line = output.strip().splitlines()[-1]
    admin_password = admin_line.rsplit(" ", 1)[-1]
    assert authenticate(username="admin", password=admin_password).is_superuser


def test_demo_map_of_april_2025_has_cua_lo_inside_vinh(demo):
    assert_cua_lo_inside_vinh_in_april_2025()


def assert_cua_lo_inside_vinh_in_april_2025():
    province = AdminUnit.objects.get(level=1, code="40")
    april = date(2025, 4, 1)
    districts = AdminUnit.objects.valid_on(april).filter(parent=province, level=2)
    assert districts.count() == 20
    assert not districts.filter(code="413").exists()
    cua_lo = AdminUnit.objects.get(level=2, code="413")
    assert cua_lo.valid_to == date(2025, 2, 28)
    assert Organisation.objects.get(name="UBND thị xã Cửa Lò").valid_to == date(2025, 2, 28)


def test_a_second_run_changes_nothing_but_passwords_and_reports_its_time_in_vietnamese(demo):
    import re

    from django.utils import translation

    models = (AdminUnit, Organisation, Person, Cluster, Population)
    counts = [m.objects.count() for m in models]
    with translation.override("vi"):
        output = run_demo()
    assert [m.objects.count() for m in models] == counts
    assert_cua_lo_inside_vinh_in_april_2025()
    assert re.search(r"trong \d+,\d giây", output), output.splitlines()[0]


def test_the_demo_writes_through_the_services_into_the_audit_log(demo):
    from wagtail.models import ModelLogEntry

    cluster = Cluster.objects.get(name="Cụm 1")
    organisation = Organisation.objects.get(name="VNPT Nghệ An")
    person = Person.objects.get(user__username="doluong")
    for instance in (cluster, organisation, person):
        assert ModelLogEntry.objects.for_instance(instance).exists(), instance
