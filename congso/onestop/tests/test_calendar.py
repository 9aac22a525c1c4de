"""Working days: weekends, Tết by the lunar calendar, the government's swapped Saturdays and the
days recorded in the back office."""

from datetime import date

import pytest

from congso.onestop.calendar import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)
from congso.onestop.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_weekends_are_skipped():
    # Friday 21/03/2014 + 1 working day is Monday 24/03/2014.
    assert add_working_days(date(2014, 3, 21), 1) == date(2014, 3, 24)
    assert add_working_days(date(2014, 3, 24), 5) == date(2014, 3, 31)


def test_tet_2014_closes_a_whole_week():
    # Tết Giáp Ngọ: 29/01–04/02/2014 off (Wednesday to Tuesday).
    for day in range(29, 32):
        assert not is_working_day(date(2014, 1, day))
    assert not is_working_day(date(2014, 2, 4))
    assert add_working_days(date(2014, 1, 28), 1) == date(2014, 2, 5)
    assert working_days_between(date(2014, 1, 28), date(2014, 2, 5)) == 1


def test_tet_2025_by_the_lunar_calendar():
    # Tết Ất Tỵ: 27/01–31/01/2025 off; received Friday 24/01, 3 working days: Wednesday 05/02.
    assert not is_working_day(date(2025, 1, 29))
    assert add_working_days(date(2025, 1, 24), 3) == date(2025, 2, 5)


def test_a_swapped_saturday_is_worked_and_its_day_off_is_not():
    # 26/04/2014 (Saturday) was worked in exchange for 02/05/2014 off.
    assert is_working_day(date(2014, 4, 26))
    assert not is_working_day(date(2014, 5, 2))
    assert add_working_days(date(2014, 4, 25), 1) == date(2014, 4, 26)
    # 2025: Saturday 26/04 worked; 30/04, 01/05 and 02/05 off.
    assert add_working_days(date(2025, 4, 25), 4) == date(2025, 5, 5)


def test_days_recorded_in_the_back_office_win_over_the_library():
    CalendarDay.objects.create(day=date(2030, 3, 4), kind=CalendarDay.Kind.OFF, note="Nghỉ bù")
    CalendarDay.objects.create(day=date(2030, 3, 9), kind=CalendarDay.Kind.WORKING, note="Làm bù")
    assert not is_working_day(date(2030, 3, 4))
    assert is_working_day(date(2030, 3, 9))
    # Friday 01/03/2030 + 1: Monday 04/03 is off, so Tuesday 05/03.
    assert add_working_days(date(2030, 3, 1), 1) == date(2030, 3, 5)
    assert add_working_days(date(2030, 3, 8), 1) == date(2030, 3, 9)


def test_counting_back_and_zero_days():
    assert add_working_days(date(2014, 2, 5), -1) == date(2014, 1, 28)
    assert add_working_days(date(2014, 3, 22), 0) == date(2014, 3, 24)
    assert next_working_day(date(2014, 3, 24)) == date(2014, 3, 24)
    assert working_days_between(date(2014, 2, 5), date(2014, 1, 28)) == -1


def test_a_long_deadline_crosses_years():
    start = date(2024, 12, 20)
    end = add_working_days(start, 60)
    assert working_days_between(start, end) == 60
