from decimal import Decimal

import pytest

from congso.core.numbers import NumberError, input_number, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("971,8", "971.8"),
        ("40.532.154", "40532154"),
        ("811.928", "811928"),
        ("1.234,5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1,234", "1.234"),
        (" 27,7 ", "27.7"),
        ("40 532 154", "40532154"),
        ("-1.433", "-1433"),
        ("0", "0"),
        ("30,95", "30.95"),
    ],
)
def test_vietnamese_numbers_are_read(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_an_empty_field_is_no_value(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("971.8", "dấu phẩy"),
        ("40,532,154", "dấu chấm"),
        ("1,234.5", "dấu chấm"),
        ("12.34", "dấu phẩy"),
        ("1234.567", "dấu phẩy"),
        ("abc", "không phải là số"),
        ("1e5", "không phải là số"),
        ("9" * 50, "quá dài"),
        ("1,2,3", "dấu chấm"),
    ],
)
def test_english_or_broken_numbers_are_refused_not_misread(text, message):
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert message in str(caught.value)


def test_values_are_typed_back_the_vietnamese_way():
    assert input_number(Decimal("971.800000")) == "971,8"
    assert input_number(Decimal("40532154.000000")) == "40.532.154"
    assert input_number(None) == ""
