from decimal import Decimal

import pytest

from congso.stats import expressions as ex
from congso.stats.periods import parse as period


def context():
    q1, q1_13, q4_13 = period("2014Q1"), period("2013Q1"), period("2013Q4")
    return ex.DictContext(
        values={
            ("SUBS", None, q1): Decimal("811928"),
            ("REVENUE", None, q1): Decimal("971.8"),
            ("REVENUE", None, q1_13): Decimal("900"),
            ("REVENUE", None, q4_13): Decimal("1000"),
            ("NET", "ADSL", q1): Decimal("100"),
            ("NET", "FTTH", q1): Decimal("50"),
        },
        populations={2014: Decimal("2931148")},
        targets={("REVENUE", 2014): Decimal("3140")},
    )


def compute(text, at="2014Q1"):
    return ex.compute(text, context(), period(at))


def test_arithmetic_with_precedence_and_parentheses():
    assert compute("1 + 2 * 3") == 7
    assert compute("(1 + 2) * 3") == 9
    assert compute("-2 - -3") == 1
    assert compute("10 / 4") == Decimal("2.5")
    assert compute("7 - 2 - 1") == 4
    assert compute("8 / 2 / 2") == 2


def test_references_to_totals_and_options():
    assert compute("#{NET}") == 150
    assert compute("#{NET.FTTH} * 2") == 100
    assert compute("#{NET.WIRELESS}") is None
    assert ex.element_codes("#{NET.FTTH} + #{REVENUE} / POP()") == {"NET", "REVENUE"}


def test_density_per_hundred_inhabitants():
    assert round(compute("#{SUBS} / POP() * 100"), 1) == Decimal("27.7")


def test_target_previous_last_year_and_year_to_date():
    assert round(compute("YTD(#{REVENUE}) / TARGET(#{REVENUE}) * 100"), 2) == Decimal("30.95")
    assert compute("PREV(#{REVENUE})") == 1000
    assert compute("LASTYEAR(#{REVENUE})") == 900
    assert compute("MAX(#{REVENUE}, 1000, 3)") == 1000
    assert compute("ABS(0 - 5)") == 5


def test_missing_values_and_division_by_zero_give_missing():
    assert compute("#{NOPE} + 1") is None
    assert compute("1 / 0") is None
    assert compute("#{REVENUE} / (#{NET} - 150)") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "rỗng"),
        ("1 +", "kết thúc"),
        ("(1 + 2", "“)”"),
        ("1 2", "Không mong đợi"),
        ("#{REV", "#{MÃ}"),
        ("#{RÉV}", "#{MÃ}"),
        ("__import__('os')", "“_”"),
        ("#{REVENUE}.__class__", "thuộc tính"),
        ("().__class__.__bases__", "thuộc tính"),
        ("open(1)", "Hàm “open” không có"),
        ("exec(1)", "Hàm “exec” không có"),
        ("REVENUE", "#{REVENUE}"),
        ("lambda: 1", "Ký tự"),
        ("2 ** 1000", "lũy thừa"),
        ("9" * 25, "quá dài"),
        ("1" * 30 + ".5", "quá dài"),
        ("1,5 + 2", "dấu chấm"),
        ("1.000.000", "dấu chấm"),
        ("'abc'", "Ký tự"),
        ("[1]", "Ký tự"),
        ("1 # 2", "#{MÃ}"),
        ("TARGET(1)", "TARGET"),
        ("POP(1)", "POP"),
        ("MIN(1)", "MIN"),
        ("1 +" * 1000 + "1", "quá dài"),
        ("(" * 100 + "1" + ")" * 100, "lồng nhau"),
        ("-" * 100 + "1", "lồng nhau"),
        ("+".join(["1"] * 600), "quá phức tạp"),
    ],
)
def test_hostile_or_broken_input_gets_a_clear_vietnamese_error(text, message):
    with pytest.raises(ex.ExpressionError) as caught:
        ex.parse(text)
    assert message in str(caught.value)


def test_huge_results_are_refused():
    text = "99999999999999999999 * 99999999999999999999 * 99999999999999999999"
    with pytest.raises(ex.ExpressionError, match="quá lớn"):
        compute(text)


def test_an_error_says_where():
    with pytest.raises(ex.ExpressionError, match="ký tự thứ 5"):
        ex.parse("1 + $")


def test_non_text_is_refused():
    with pytest.raises(ex.ExpressionError):
        ex.parse(None)
