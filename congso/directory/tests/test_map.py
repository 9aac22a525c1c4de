from datetime import date

import pytest

from congso.directory.models import AdminUnit, UnitSuccession
from congso.directory.selectors import (
    ancestors,
    children_on,
    final_successors,
    successors_of,
    units_on,
)
from congso.testing.factories import AdminUnitFactory, CommuneFactory, DistrictFactory

pytestmark = pytest.mark.django_db

JULY_2025 = date(2025, 7, 1)


@pytest.fixture
def reorganised(province):
    """Đô Lương district with two communes (ending 30/06/2025), merged into one new commune."""
    district = DistrictFactory(
        code="425", name="Đô Lương", parent=province, valid_to=date(2025, 6, 30)
    )
    old_a = CommuneFactory(code="17500", name="Đà Sơn", parent=district, valid_to=date(2025, 6, 30))
    old_b = CommuneFactory(
        code="17503", name="Lạc Sơn", parent=district, valid_to=date(2025, 6, 30)
    )
    new = AdminUnitFactory(code="17500", name="Đô Lương", parent=province, valid_from=JULY_2025)
    for old in (old_a, old_b):
        UnitSuccession.objects.create(
            predecessor=old, successor=new, kind="full", effective=JULY_2025
        )
    UnitSuccession.objects.create(
        predecessor=district, successor=new, kind="partial", effective=JULY_2025
    )
    return {"district": district, "old": [old_a, old_b], "new": new}


def test_the_map_of_2014_has_the_district_and_not_the_new_commune(province, reorganised):
    on_2014 = set(units_on(date(2014, 3, 26), parent=province))
    assert reorganised["district"] in on_2014
    assert reorganised["new"] not in on_2014


def test_the_map_of_july_2025_has_two_levels(province, reorganised):
    children = list(children_on(province, JULY_2025))
    assert children == [reorganised["new"]]
    assert not units_on(JULY_2025, level=AdminUnit.Level.DISTRICT).exists()


def test_children_come_in_vietnamese_order(province, reorganised):
    names = [u.name for u in children_on(reorganised["district"], date(2020, 1, 1))]
    assert names == ["Đà Sơn", "Lạc Sơn"]


def test_ancestors_run_from_the_province_down(province, reorganised):
    assert ancestors(reorganised["old"][0]) == [province, reorganised["district"]]
    assert ancestors(province) == []


def test_successors_of_a_merged_commune_and_of_a_district(reorganised):
    (succession,) = successors_of(reorganised["old"][0])
    assert succession.successor == reorganised["new"]
    assert succession.kind == "full"
    assert final_successors(reorganised["district"], JULY_2025) == [reorganised["new"]]


def test_same_code_may_return_for_a_new_unit_of_another_period(reorganised):
    assert AdminUnit.objects.filter(code="17500").count() == 2
    assert AdminUnit.objects.valid_on(JULY_2025).get(code="17500") == reorganised["new"]


def test_search_matches_with_or_without_diacritics(province, reorganised):
    for query in ("Đô Lương", "do luong", "DO LUONG", "đô lương"):
        found = set(AdminUnit.objects.search(query))
        assert found == {reorganised["district"], reorganised["new"]}, query
    assert list(AdminUnit.objects.search("da son")) == [reorganised["old"][0]]
