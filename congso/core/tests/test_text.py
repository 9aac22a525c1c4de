from datetime import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from congso.core.text import fold, format_datetime_long, format_number, sort_key, sort_text


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Đô Lương", "do luong"),
        ("ĐÔ LƯƠNG", "do luong"),
        ("Thị xã Cửa Lò", "thi xa cua lo"),
        ("Quỳnh  Lưu", "quynh luu"),
        ("do luong", "do luong"),
    ],
)
def test_fold_removes_tones_modifiers_and_treats_d_stroke_as_d(raw, folded):
    assert fold(raw) == folded


def test_units_sort_in_vietnamese_dictionary_order():
    names = ["Đô Lương", "Diễn Châu", "Ân Thi", "Anh Sơn", "Ăn Khê", "Yên Thành", "Cửa Lò"]
    expected = ["Anh Sơn", "Ăn Khê", "Ân Thi", "Cửa Lò", "Diễn Châu", "Đô Lương", "Yên Thành"]
    assert sorted(names, key=sort_key) == expected


def test_stored_sort_text_orders_like_the_collation_key_even_under_a_locale_collation():
    names = ["Vinh", "Vĩnh", "Vịnh", "Hoàng Mai", "Hưng Nguyên", "Thái Hoà", "Thanh Chương", "An"]
    by_text = sorted(names, key=sort_text)
    assert by_text == sorted(names, key=sort_key)
    # Digits only: no locale can reorder them by ignoring punctuation or spaces.
    assert all(sort_text(name).isdigit() for name in names)


def test_numbers_use_dot_for_thousands_and_comma_for_decimals():
    assert format_number(40532154) == "40.532.154"
    assert format_number(971.8) == "971,8"
    assert format_number(30.95) == "30,95"
    assert format_number(154.5, 1) == "154,5"


def test_long_date_names_the_weekday_in_vietnamese():
    assert format_datetime_long(datetime(2014, 3, 27, 10, 50)) == "Thứ năm, 27/03/2014 10:50"


def test_django_formats_dates_and_numbers_the_vietnamese_way():
    with translation.override("vi"):
        assert formats.date_format(datetime(2014, 3, 27), "SHORT_DATE_FORMAT") == "27/03/2014"
        assert formats.number_format(971.8, 1, use_l10n=True) == "971,8"
        rendered = Template("{% load congso %}{{ n|vn_number }}").render(Context({"n": 1433}))
        assert rendered == "1.433"


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (12345678901234567890, None, "12.345.678.901.234.567.890"),
        (12345678901234567890, 2, "12.345.678.901.234.567.890,00"),
        (-9007199254740993, None, "-9.007.199.254.740.993"),
        (Decimal("12345678901234567890.15"), None, "12.345.678.901.234.567.890,15"),
        (Decimal("123456789012345678901234567.95"), None, "123.456.789.012.345.678.901.234.567,95"),
        (Decimal("971.80"), None, "971,8"),
        (Decimal("1E+3"), None, "1.000"),
    ],
)
def test_integers_and_decimals_are_written_digit_for_digit(value, decimals, text):
    assert format_number(value, decimals) == text


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(971.8, None, "971,8"), (1e20, None, "100.000.000.000.000.000.000"), (0.1 + 0.2, 2, "0,30")],
)
def test_floats_keep_their_shortest_written_form(value, decimals, text):
    assert format_number(value, decimals) == text
