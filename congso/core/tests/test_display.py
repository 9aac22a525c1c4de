"""Every back-office screen reads values the Vietnamese way, whatever app they come from."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import models

from congso.core.backoffice.display import EMPTY, display_value
from congso.core.text import format_datetime


class Level(models.IntegerChoices):
    PROVINCE = 1, "Cấp tỉnh"


def test_numbers_are_grouped_but_years_are_not():
    assert display_value(116922) == "116.922"
    assert display_value(Decimal("971.8")) == "971,8"
    assert display_value(2019, name="year") == "2019"


def test_booleans_nothing_and_choices_read_as_words():
    field = models.PositiveSmallIntegerField(choices=Level.choices)
    field.name = "level"
    assert display_value(True) == "Có"
    assert display_value(False) == "Không"
    assert display_value(None) == EMPTY
    assert display_value(1, field) == "Cấp tỉnh"


def test_times_are_shown_in_vietnam_whatever_zone_they_were_stored_in():
    utc = datetime.datetime(2026, 11, 26, 21, 24, tzinfo=datetime.UTC)
    assert display_value(utc) == "27/11/2026 04:24"
    assert format_datetime(utc.astimezone(ZoneInfo("Europe/Paris"))) == "27/11/2026 04:24"
    assert display_value(datetime.date(2014, 3, 27)) == "27/03/2014"
