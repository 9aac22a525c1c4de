"""Working days in Vietnam: Saturdays and Sundays off, the public holidays of the Labour Code
with Tết by the lunar calendar and the swaps the government announced (the ``holidays``
library), corrected by the days recorded in the back office (``CalendarDay``: a Saturday
worked in exchange, an extra day off), which win over the library.

A deadline of ``n`` working days counts from the working day after the start: a dossier
received on Friday 24/01/2025 with 3 working days is due on Wednesday 05/02/2025 (Tết 2025
closes 27/01–31/01 and the weekends around it)."""

from datetime import date, timedelta
from functools import lru_cache

import holidays

#: no deadline in this domain runs further than this many days: a guard against a loop
_MAX_SPAN = 3660


@lru_cache(maxsize=64)
def _library_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, Saturdays and Sundays worked) of ``year`` according to the library."""
    calendar = holidays.Vietnam(years=year)
    off = frozenset(calendar.keys())
    worked = frozenset(d for d in getattr(calendar, "weekend_workdays", ()) if d.year == year)
    return off, worked


def _overrides(start: date, end: date) -> dict[date, bool]:
    """The back office's days between ``start`` and ``end``: True for a working day."""
    from .models import CalendarDay

    return {
        row.day: row.kind == CalendarDay.Kind.WORKING
        for row in CalendarDay.objects.filter(day__gte=start, day__lte=end).only("day", "kind")
    }


class WorkingCalendar:
    """Answers for a span of dates with one query for the recorded days."""

    def __init__(self, start: date, end: date, overrides: dict[date, bool] | None = None):
        self.start, self.end = start, end
        self.overrides = _overrides(start, end) if overrides is None else overrides

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        off, worked = _library_year(day.year)
        if day in worked:
            return True
        if day in off:
            return False
        return day.weekday() < 5


def _calendar(start: date, days: int) -> WorkingCalendar:
    # Generous: n working days never span more than 2n + 20 calendar days here (Tết: 9 days).
    span = min(_MAX_SPAN, abs(days) * 2 + 30)
    low, high = (start, start + timedelta(span)) if days >= 0 else (start - timedelta(span), start)
    return WorkingCalendar(low, high)


def is_working_day(day: date) -> bool:
    return WorkingCalendar(day, day).is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted); ``n = 0``
    gives ``start`` if it is a working day, else the next one. Negative ``n`` counts back."""
    calendar = _calendar(start, n)
    step = 1 if n >= 0 else -1
    day = start
    if n == 0:
        while not calendar.is_working_day(day):
            day += timedelta(1)
        return day
    remaining = abs(n)
    for _i in range(_MAX_SPAN):
        day += timedelta(step)
        if day < calendar.start or day > calendar.end:
            calendar = _calendar(day, remaining * step)
        if calendar.is_working_day(day):
            remaining -= 1
            if remaining == 0:
                return day
    raise ValueError("no working day found within ten years")


def next_working_day(day: date) -> date:
    """``day`` if it is a working day, else the next one."""
    return add_working_days(day, 0)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is
    earlier): 0 when ``end`` is ``start``."""
    if end == start:
        return 0
    if end < start:
        return -working_days_between(end, start)
    calendar = WorkingCalendar(start, end)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if calendar.is_working_day(start + timedelta(offset))
    )


def holidays_of(year: int) -> list[tuple[date, str]]:
    """The library's public holidays of ``year`` with their Vietnamese names."""
    return sorted(holidays.Vietnam(years=year).items())
