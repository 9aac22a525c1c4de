from datetime import date

import pytest

from congso.stats.periods import (
    Period,
    PeriodError,
    PeriodType,
    containing,
    is_period_id,
    parse,
    periods_between,
    periods_of_year,
)


@pytest.mark.parametrize(
    ("text", "period_type", "year", "index"),
    [
        ("201403", PeriodType.MONTHLY, 2014, 3),
        ("201412", PeriodType.MONTHLY, 2014, 12),
        ("2014Q1", PeriodType.QUARTERLY, 2014, 1),
        ("2014q4", PeriodType.QUARTERLY, 2014, 4),
        ("2014S1", PeriodType.SIXMONTHLY, 2014, 1),
        ("2014S2", PeriodType.SIXMONTHLY, 2014, 2),
        (" 2014 ", PeriodType.YEARLY, 2014, 1),
    ],
)
def test_ids_parse_and_format_back(text, period_type, year, index):
    period = parse(text)
    assert (period.type, period.year, period.index) == (period_type, year, index)
    assert parse(period.id) == period


@pytest.mark.parametrize(
    "text",
    ["", "2014Q5", "2014Q0", "201413", "201400", "2014S3", "14Q1", "2014-03", "abc", "2014Q1x"]
    + ["9" * 1000],
)
def test_anything_else_is_refused_in_vietnamese(text):
    with pytest.raises(PeriodError, match="không phải là kỳ báo cáo"):
        parse(text)
    assert not is_period_id(text)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("201403", "Tháng 3/2014"),
        ("2014Q1", "Quý I/2014"),
        ("2014Q4", "Quý IV/2014"),
        ("2014S1", "6 tháng đầu năm 2014"),
        ("2014S2", "6 tháng cuối năm 2014"),
        ("2014", "Năm 2014"),
    ],
)
def test_vietnamese_names(text, label):
    assert parse(text).label == label


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("201402", date(2014, 2, 1), date(2014, 2, 28)),
        ("201602", date(2016, 2, 1), date(2016, 2, 29)),
        ("2014Q1", date(2014, 1, 1), date(2014, 3, 31)),
        ("2014Q3", date(2014, 7, 1), date(2014, 9, 30)),
        ("2014S2", date(2014, 7, 1), date(2014, 12, 31)),
        ("2014", date(2014, 1, 1), date(2014, 12, 31)),
    ],
)
def test_start_and_end_dates(text, start, end):
    period = parse(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("201401", "201312"),
        ("201403", "201402"),
        ("2014Q1", "2013Q4"),
        ("2014Q3", "2014Q2"),
        ("2014S1", "2013S2"),
        ("2014S2", "2014S1"),
        ("2014", "2013"),
    ],
)
def test_previous_period_crosses_years(text, previous):
    assert parse(text).previous().id == previous
    assert parse(previous).next().id == text


def test_same_period_last_year():
    assert parse("2014Q1").same_period_last_year().id == "2013Q1"
    assert parse("201403").same_period_last_year().id == "201303"
    assert parse("2014S2").same_period_last_year().id == "2013S2"


def test_year_to_date():
    assert [p.id for p in parse("2014Q3").year_to_date()] == ["2014Q1", "2014Q2", "2014Q3"]
    assert [p.id for p in parse("201403").year_to_date()] == ["201401", "201402", "201403"]
    assert [p.id for p in parse("2014Q2").year_to_date_months()] == [
        "201401",
        "201402",
        "201403",
        "201404",
        "201405",
        "201406",
    ]


def test_months_contained():
    assert [p.id for p in parse("2014Q2").months()] == ["201404", "201405", "201406"]
    assert len(parse("2014S2").months()) == 6
    assert len(parse("2014").months()) == 12
    assert parse("2014Q1").contains(parse("201403"))
    assert not parse("2014Q1").contains(parse("201404"))


def test_containing_and_conversion():
    assert containing(date(2014, 3, 27), "quarterly").id == "2014Q1"
    assert containing(date(2014, 7, 1), PeriodType.SIXMONTHLY).id == "2014S2"
    assert parse("201408").as_type(PeriodType.QUARTERLY).id == "2014Q3"
    assert parse("201408").year_period.id == "2014"


def test_ranges_and_order():
    assert [p.id for p in periods_between(parse("2013Q3"), parse("2014Q2"))] == [
        "2013Q3",
        "2013Q4",
        "2014Q1",
        "2014Q2",
    ]
    assert [p.id for p in periods_of_year("sixmonthly", 2014)] == ["2014S1", "2014S2"]
    assert sorted([parse("201402"), parse("201312"), parse("201401")]) == [
        parse("201312"),
        parse("201401"),
        parse("201402"),
    ]
    with pytest.raises(PeriodError):
        periods_between(parse("2014Q1"), parse("201403"))


def test_a_period_is_a_hashable_value():
    assert {parse("2014Q1"), Period(PeriodType.QUARTERLY, 2014, 1)} == {parse("2014Q1")}
    assert str(parse("2014Q1")) == "2014Q1"


def test_a_year_out_of_range_is_refused():
    with pytest.raises(PeriodError, match="ngoài khoảng"):
        parse("1800")
