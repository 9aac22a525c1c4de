from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry

from congso.core.actors import SYSTEM
from congso.directory.models import AdminUnit, UnitSuccession
from congso.directory.selectors import ancestors, children_on, units_on
from congso.directory.services import unit_merge
from congso.testing.factories import CommuneFactory, DistrictFactory

pytestmark = pytest.mark.django_db

MERGED = date(2025, 3, 1)


@pytest.fixture
def vinh_and_cua_lo(province):
    vinh = DistrictFactory(code="412", name="Vinh", type="thanh-pho", parent=province)
    cua_lo = DistrictFactory(code="413", name="Cửa Lò", type="thi-xa", parent=province)
    ward = CommuneFactory(code="17491", name="Nghi Thuỷ", type="phuong", parent=cua_lo)
    return vinh, cua_lo, ward


def test_a_merged_district_ends_the_day_before_and_its_wards_follow(vinh_and_cua_lo, province):
    vinh, cua_lo, ward = vinh_and_cua_lo
    unit_merge(user=SYSTEM, unit=cua_lo, into=vinh, effective=MERGED)

    cua_lo.refresh_from_db()
    assert cua_lo.valid_to == date(2025, 2, 28)
    assert UnitSuccession.objects.get(predecessor=cua_lo).successor == vinh
    assert set(units_on(date(2025, 2, 28), parent=province)) == {vinh, cua_lo}
    assert list(units_on(MERGED, parent=province)) == [vinh]
    assert list(children_on(vinh, date(2025, 4, 1))) == [ward]
    assert list(children_on(vinh, date(2025, 2, 1))) == []
    assert ancestors(ward, date(2025, 4, 1)) == [province, vinh]
    assert ancestors(ward, date(2014, 3, 26)) == [province, cua_lo]
    assert ModelLogEntry.objects.get(object_id=str(cua_lo.pk)).action == "congso.merge"


def test_recording_the_same_merger_twice_changes_nothing(vinh_and_cua_lo):
    vinh, cua_lo, _ward = vinh_and_cua_lo
    first = unit_merge(user=SYSTEM, unit=cua_lo, into=vinh, effective=MERGED)
    second = unit_merge(user=SYSTEM, unit=cua_lo, into=vinh, effective=MERGED)
    assert first.pk == second.pk
    assert ModelLogEntry.objects.filter(action="congso.merge").count() == 1


def test_a_district_cannot_merge_into_a_commune(vinh_and_cua_lo):
    _vinh, cua_lo, ward = vinh_and_cua_lo
    with pytest.raises(ValidationError):
        unit_merge(user=SYSTEM, unit=cua_lo, into=ward, effective=MERGED)
    cua_lo.refresh_from_db()
    assert cua_lo.valid_to is None


def test_district_staff_may_not_redraw_the_map(vinh_and_cua_lo, district_setup):
    vinh, cua_lo, _ward = vinh_and_cua_lo
    with pytest.raises(PermissionDenied):
        unit_merge(user=district_setup["doluong"]["user"], unit=cua_lo, into=vinh, effective=MERGED)
    assert not UnitSuccession.objects.exists()


def test_the_command_records_a_merger_and_explains_a_wrong_code(vinh_and_cua_lo):
    out = StringIO()
    call_command("merge_units", "413", "--into", "412", "--on", "01/03/2025", stdout=out)
    assert AdminUnit.objects.get(code="413").valid_to == date(2025, 2, 28)
    with pytest.raises(CommandError, match="999"):
        call_command("merge_units", "999", "--into", "412", "--on", "01/03/2025")
