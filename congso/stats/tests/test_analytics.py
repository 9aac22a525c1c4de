"""Fresh analytics: approved figures in the pivot at once; aggregation by each element's type
over time and over units; the map of a date with merged and split units; scoping."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from congso.core.actors import SYSTEM
from congso.directory.models import AdminUnit, UnitSuccession
from congso.stats import analytics, periods, services
from congso.stats.models import DataValue, Submission
from congso.stats.pivot import parse_items, pivot_data, pivot_table
from congso.testing.factories import CommuneFactory

from .test_services import enter, submission


def approve_through_services(world, organisation, user, period="2014Q1", **values):
    enter(world, user, organisation, period=period, **values)
    services.submission_submit(
        user=user,
        data_set=world.data_set,
        period=period,
        organisation=organisation,
        explanation="Số liệu ước tính",
    )
    return services.submission_approve(
        user=world.users["staff"], submission=submission(world, organisation, period)
    )


def stored(world, element, unit, organisation, period, value, option=None):
    """An approved figure written straight to the tables (the map tests need units and
    periods the data set does not have)."""
    now = timezone.now()
    dv = DataValue(
        element=element,
        option=option,
        period=period,
        unit=unit,
        organisation=organisation,
        value=Decimal(value),
        created=now,
        updated=now,
    )
    dv.fill_derived()
    dv.save()
    Submission.objects.get_or_create(
        data_set=world.data_set,
        period=period,
        organisation=organisation,
        defaults={"unit": unit, "state": Submission.State.APPROVED, "updated": now},
    )


def value(world, key, period, area, user=SYSTEM, day=None, level=AdminUnit.Level.PROVINCE):
    items = parse_items([key])
    data = pivot_data(
        user, items, [periods.parse(period)], level=level, day=day or date(2014, 12, 31)
    )
    return data.get(items[0], periods.parse(period), area.pk)


def test_an_approved_figure_is_in_the_pivot_at_once_and_leaves_on_unapproval(world):
    assert value(world, "e:REVENUE", "2014Q1", world.province) is None
    approve_through_services(world, world.vnpt, world.users["vnpt"], revenue="971.8")
    # no rebuild in between: the approval's transaction updated the analysis tables
    assert value(world, "e:REVENUE", "2014Q1", world.province) == Decimal("971.8")
    approve_through_services(world, world.viettel, world.users["viettel"], revenue="100")
    assert value(world, "e:REVENUE", "2014Q1", world.province) == Decimal("1071.8")
    services.submission_unapprove(
        user=world.users["staff"],
        submission=submission(world, world.viettel),
        reason="Sai số liệu",
    )
    assert value(world, "e:REVENUE", "2014Q1", world.province) == Decimal("971.8")
    # the incremental tables agree with a rebuild from scratch
    before = value(world, "e:REVENUE", "2014Q1", world.province)
    analytics.rebuild()
    assert value(world, "e:REVENUE", "2014Q1", world.province) == before


def _analysis_rows():
    from congso.stats.models_analytics import PeriodRollup, Rollup

    return (
        sorted(Rollup.objects.values_list("element", "option", "period_start", "area", "total")),
        sorted(
            PeriodRollup.objects.values_list("element", "option", "target_type", "bucket", "total")
        ),
    )


def test_approvals_in_a_deferred_block_leave_the_tables_a_rebuild_would_make(world):
    with analytics.changes_deferred():
        approve_through_services(world, world.vnpt, world.users["vnpt"], revenue="971.8")
        approve_through_services(world, world.viettel, world.users["viettel"], revenue="100")
        approve_through_services(
            world, world.vnpt, world.users["vnpt"], period="2014Q2", revenue="20"
        )
        # noted, not yet applied
        assert value(world, "e:REVENUE", "2014Q1", world.province) is None
    assert value(world, "e:REVENUE", "2014Q1", world.province) == Decimal("1071.8")
    assert value(world, "e:REVENUE", "2014S1", world.province) == Decimal("1091.8")
    deferred = _analysis_rows()
    analytics.rebuild()
    assert _analysis_rows() == deferred


def test_a_draft_or_submitted_figure_is_not_in_the_pivot(world):
    enter(world, world.users["vnpt"], world.vnpt, revenue="5")
    assert value(world, "e:REVENUE", "2014Q1", world.province) is None


def test_over_time_flows_are_summed_stocks_take_the_last_value_and_averages_average(world):
    stored(world, world.revenue, world.province, world.vnpt, "2014Q1", "10")
    stored(world, world.revenue, world.province, world.vnpt, "2014Q2", "20")
    mobile = world.phone.options.get(code="MOBILE")
    stored(world, world.subscribers, world.province, world.vnpt, "2014Q1", "100", mobile)
    stored(world, world.subscribers, world.province, world.vnpt, "2014Q2", "130", mobile)
    stored(world, world.density, world.province, world.vnpt, "2014Q1", "4")
    stored(world, world.density, world.province, world.vnpt, "2014Q2", "8")
    world.density.time_aggregation = "average"
    world.density.save()
    analytics.rebuild(date(2014, 12, 31))
    assert value(world, "e:REVENUE", "2014S1", world.province) == Decimal(30)
    assert value(world, "e:PHONE_SUBS", "2014", world.province) == Decimal(130)
    assert value(world, "e:PHONE_SUBS.MOBILE", "2014S1", world.province) == Decimal(130)
    assert value(world, "e:PHONE_SUBS.FIXED", "2014S1", world.province) is None
    assert value(world, "e:PHONE_DENSITY", "2014", world.province) == Decimal(6)


def test_over_units_sums_and_averages_roll_up_to_the_district_and_province(world):
    commune_a = world.district.children.get()
    commune_b = CommuneFactory(code="17501", name="Bài Sơn", parent=world.district)
    stored(world, world.revenue, commune_a, world.vnpt, "2014Q1", "3")
    stored(world, world.revenue, commune_b, world.viettel, "2014Q1", "5")
    stored(world, world.density, commune_a, world.vnpt, "2014Q1", "2")
    stored(world, world.density, commune_b, world.viettel, "2014Q1", "6")
    world.density.unit_aggregation = "average"
    world.density.save()
    analytics.rebuild(date(2014, 12, 31))
    assert value(world, "e:REVENUE", "2014Q1", world.province) == Decimal(8)
    district = AdminUnit.Level.DISTRICT
    assert value(world, "e:REVENUE", "2014Q1", world.district, level=district) == Decimal(8)
    assert value(world, "e:PHONE_DENSITY", "2014Q1", world.district, level=district) == 4
    # the commune level is read from the approved values, not the rollups
    commune = AdminUnit.Level.COMMUNE
    assert value(world, "e:REVENUE", "2014Q1", commune_b, level=commune) == Decimal(5)


def _reorganise(world):
    """On 01/07/2025 commune A is merged whole into commune C; commune B is split into C and D."""
    commune_a = world.district.children.get()
    commune_b = CommuneFactory(code="17501", name="Bài Sơn", parent=world.district)
    end = date(2025, 6, 30)
    commune_c = CommuneFactory(
        code="90001", name="Đô Lương Mới", parent=world.province, valid_from=date(2025, 7, 1)
    )
    commune_d = CommuneFactory(
        code="90002", name="Lương Sơn", parent=world.province, valid_from=date(2025, 7, 1)
    )
    for unit in (commune_a, commune_b, world.district):
        unit.valid_to = end
        unit.save()
    full, partial = UnitSuccession.Kind.FULL, UnitSuccession.Kind.PARTIAL
    effective = date(2025, 7, 1)
    UnitSuccession.objects.create(
        predecessor=commune_a, successor=commune_c, kind=full, effective=effective
    )
    UnitSuccession.objects.create(
        predecessor=commune_b, successor=commune_c, kind=partial, effective=effective
    )
    UnitSuccession.objects.create(
        predecessor=commune_b, successor=commune_d, kind=partial, effective=effective
    )
    return commune_a, commune_b, commune_c, commune_d


def test_on_a_later_map_a_merged_commune_reports_under_its_successor_a_split_one_under_its_name(
    world,
):
    commune_a, commune_b, commune_c, commune_d = _reorganise(world)
    stored(world, world.revenue, commune_a, world.vnpt, "2014Q1", "3")
    stored(world, world.revenue, commune_b, world.viettel, "2014Q1", "5")
    later, commune = date(2025, 12, 31), AdminUnit.Level.COMMUNE
    analytics.rebuild(later)
    assert value(world, "e:REVENUE", "2014Q1", commune_c, day=later, level=commune) == Decimal(3)
    assert value(world, "e:REVENUE", "2014Q1", commune_d, day=later, level=commune) is None
    assert value(world, "e:REVENUE", "2014Q1", commune_b, day=later, level=commune) == Decimal(5)
    # the province total keeps both; on the map of 2014 each commune is itself
    assert value(world, "e:REVENUE", "2014Q1", world.province, day=later) == Decimal(8)
    earlier = date(2014, 12, 31)
    assert value(world, "e:REVENUE", "2014Q1", commune_a, day=earlier, level=commune) == Decimal(3)
    items = parse_items(["e:REVENUE"])
    data = pivot_data(SYSTEM, items, [periods.parse("2014Q1")], level=commune, day=later)
    names = [a.full_name for a in data.areas]
    assert "Xã Bài Sơn" in names and "Xã Đô Lương Mới" in names
    assert "Xã Đà Sơn" not in names


def test_an_enterprise_sees_only_its_own_figures_and_a_committee_its_territory(world):
    commune = world.district.children.get()
    stored(world, world.revenue, world.province, world.vnpt, "2014Q1", "10")
    stored(world, world.revenue, world.province, world.viettel, "2014Q1", "20")
    stored(world, world.revenue, commune, world.committee, "2014Q1", "1")
    analytics.rebuild(date(2014, 12, 31))
    assert value(world, "e:REVENUE", "2014Q1", world.province) == Decimal(31)
    assert value(world, "e:REVENUE", "2014Q1", world.province, world.users["staff"]) == Decimal(31)
    assert value(world, "e:REVENUE", "2014Q1", world.province, world.users["vnpt"]) == Decimal(10)
    assert value(world, "e:REVENUE", "2014Q1", world.province, world.users["district"]) == 1


def test_indicators_density_attainment_and_growth(world):
    from congso.stats.models import Indicator, Target

    stored(world, world.revenue, world.province, world.vnpt, "2013Q1", "800")
    stored(world, world.revenue, world.province, world.vnpt, "2013Q4", "900")
    stored(world, world.revenue, world.province, world.vnpt, "2014Q1", "971.8")
    mobile = world.phone.options.get(code="MOBILE")
    stored(world, world.subscribers, world.province, world.vnpt, "2014Q1", "2931148", mobile)
    Target.objects.create(element=world.revenue, year=2014, unit=world.province, value=3140)
    for code, numerator, denominator, factor in (
        ("DENS", "#{PHONE_SUBS}", "POP()", 100),
        ("ATTAIN", "YTD(#{REVENUE})", "TARGET(#{REVENUE})", 100),
        ("YOY", "#{REVENUE} - LASTYEAR(#{REVENUE})", "LASTYEAR(#{REVENUE})", 100),
        ("QOQ", "#{REVENUE} - PREV(#{REVENUE})", "PREV(#{REVENUE})", 100),
    ):
        services.indicator_save(
            user=SYSTEM,
            data={
                "code": code,
                "name": code,
                "numerator": numerator,
                "denominator": denominator,
                "factor": factor,
            },
        )
    analytics.rebuild(date(2014, 12, 31))
    assert round(value(world, "i:DENS", "2014Q1", world.province), 2) == 100
    assert round(value(world, "i:ATTAIN", "2014Q1", world.province), 2) == Decimal("30.95")
    assert round(value(world, "i:YOY", "2014Q1", world.province), 2) == Decimal("21.48")
    assert round(value(world, "i:QOQ", "2014Q1", world.province), 2) == Decimal("7.98")
    assert Indicator.objects.count() == 4


def test_the_table_puts_any_dimension_on_rows_and_columns(world):
    stored(world, world.revenue, world.province, world.vnpt, "2014Q1", "971.8")
    stored(world, world.revenue, world.province, world.vnpt, "2014Q2", "1000")
    analytics.rebuild(date(2014, 12, 31))
    items = parse_items(["e:REVENUE"])
    data = pivot_data(SYSTEM, items, [periods.parse("2014Q1"), periods.parse("2014Q2")])
    table = pivot_table(data, rows="period", columns="unit")
    assert [row[0].label for row in table.rows] == ["Quý I/2014", "Quý II/2014"]
    assert [row[1] for row in table.rows] == [["971,8"], ["1.000"]]
    table = pivot_table(data, rows="data", columns="period")
    assert table.rows[0][1] == ["971,8", "1.000"]


def test_a_pivot_of_one_period_type_equals_the_pivot_computed_from_the_months(world):
    """Quarters, halves and years read whole from the gathered rollups give what the months
    give, for every aggregation over time and over units, options and their total."""
    commune_a = world.district.children.get()
    commune_b = CommuneFactory(code="17501", name="Bài Sơn", parent=world.district)
    mobile = world.phone.options.get(code="MOBILE")
    fixed = world.phone.options.get(code="FIXED")
    for month in range(1, 13):
        period = f"2014{month:02d}"
        for unit, organisation, base in ((commune_a, world.vnpt, 3), (commune_b, world.viettel, 7)):
            stored(world, world.revenue, unit, organisation, period, str(base * month + 0.5))
            stored(world, world.subscribers, unit, organisation, period, str(base + month), mobile)
            stored(world, world.subscribers, unit, organisation, period, str(month % 4), fixed)
    keys = ["e:REVENUE", "e:PHONE_SUBS", "e:PHONE_SUBS.MOBILE", "e:PHONE_SUBS.FIXED"]
    lists = [
        ["2014Q1", "2014Q2", "2014Q3", "2014Q4"],
        ["2014S1", "2014S2"],
        ["2014"],
    ]
    for over_time in ("sum", "last", "average"):
        for over_units in ("sum", "average"):
            for element in (world.revenue, world.subscribers):
                element.time_aggregation, element.unit_aggregation = over_time, over_units
                element.save()
            analytics.rebuild(date(2014, 12, 31))
            items = parse_items(keys)
            for ids in lists:
                asked = [periods.parse(p) for p in ids]
                whole = pivot_data(SYSTEM, items, asked, level=AdminUnit.Level.PROVINCE)
                assert whole.cube.bucket_type == asked[0].type.value
                # a month added makes the list mixed: every value is computed from the months
                mixed = pivot_data(
                    SYSTEM, items, [*asked, periods.parse("201401")], level=AdminUnit.Level.PROVINCE
                )
                assert mixed.cube.bucket_type is None
                for item in items:
                    for period in asked:
                        got = whole.get(item, period, world.province.pk)
                        expected = mixed.get(item, period, world.province.pk)
                        assert got is not None, (over_time, over_units, item.key, period.id)
                        assert got == expected, (over_time, over_units, item.key, period.id)
