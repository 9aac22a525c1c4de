"""Reporting periods: month, quarter, half-year and year, with DHIS2's ids (``201403``,
``2014Q1``, ``2014S1``, ``2014``), their Vietnamese names and their arithmetic.

A period is a value (hashable, ordered within a type); nothing here touches the database."""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property

from django.utils.translation import gettext as _


class PeriodType(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SIXMONTHLY = "sixmonthly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return _MONTHS_PER[self]

    @property
    def per_year(self) -> int:
        return 12 // _MONTHS_PER[self]


_MONTHS_PER = {
    PeriodType.MONTHLY: 1,
    PeriodType.QUARTERLY: 3,
    PeriodType.SIXMONTHLY: 6,
    PeriodType.YEARLY: 12,
}

_PATTERNS = [
    (re.compile(r"^(\d{4})(0[1-9]|1[0-2])$"), PeriodType.MONTHLY),
    (re.compile(r"^(\d{4})Q([1-4])$"), PeriodType.QUARTERLY),
    (re.compile(r"^(\d{4})S([12])$"), PeriodType.SIXMONTHLY),
    (re.compile(r"^(\d{4})()$"), PeriodType.YEARLY),
]

MIN_YEAR, MAX_YEAR = 1900, 2200

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ValueError):
    """A period id that is not one; the message is for a person, in Vietnamese."""


@dataclass(frozen=True, order=True)
class Period:
    """One period: its type, year and index within the year (month 1–12, quarter 1–4,
    half 1–2, 1 for a year). Periods of one type sort in time order."""

    type: PeriodType
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        if not (MIN_YEAR <= self.year < MAX_YEAR):
            raise PeriodError(_("The year %(year)s is out of range.") % {"year": self.year})
        if not 1 <= self.index <= self.type.per_year:
            raise PeriodError(_("No such period in a year: %(index)s.") % {"index": self.index})

    # ---- ids and names -------------------------------------------------------------
    # id, start and end are kept once computed (a period is immutable): a pivot asks each
    # period's for every one of its tens of thousands of cells
    @cached_property
    def id(self) -> str:
        if self.type == PeriodType.MONTHLY:
            return f"{self.year}{self.index:02d}"
        if self.type == PeriodType.QUARTERLY:
            return f"{self.year}Q{self.index}"
        if self.type == PeriodType.SIXMONTHLY:
            return f"{self.year}S{self.index}"
        return f"{self.year}"

    def __str__(self) -> str:
        return self.id

    @property
    def label(self) -> str:
        """ "Tháng 3/2014", "Quý I/2014", "6 tháng đầu năm 2014", "Năm 2014"."""
        if self.type == PeriodType.MONTHLY:
            return f"Tháng {self.index}/{self.year}"
        if self.type == PeriodType.QUARTERLY:
            return f"Quý {_ROMAN[self.index]}/{self.year}"
        if self.type == PeriodType.SIXMONTHLY:
            half = "đầu" if self.index == 1 else "cuối"
            return f"6 tháng {half} năm {self.year}"
        return f"Năm {self.year}"

    # ---- dates ---------------------------------------------------------------------
    @property
    def first_month(self) -> int:
        return (self.index - 1) * self.type.months + 1

    @cached_property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @cached_property
    def end(self) -> date:
        month = self.first_month + self.type.months - 1
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def contains_date(self, day: date) -> bool:
        return self.start <= day <= self.end

    def contains(self, other: "Period") -> bool:
        """Whether ``other`` lies wholly within this period (a month in its quarter)."""
        return self.start <= other.start and other.end <= self.end

    def months(self) -> list["Period"]:
        return [
            Period(PeriodType.MONTHLY, self.year, m)
            for m in range(self.first_month, self.first_month + self.type.months)
        ]

    # ---- arithmetic ----------------------------------------------------------------
    def shift(self, steps: int) -> "Period":
        """The period ``steps`` periods of the same type later (earlier when negative)."""
        position = self.year * self.type.per_year + (self.index - 1) + steps
        year, index = divmod(position, self.type.per_year)
        return Period(self.type, year, index + 1)

    def previous(self) -> "Period":
        return self.shift(-1)

    def next(self) -> "Period":
        return self.shift(1)

    def same_period_last_year(self) -> "Period":
        return Period(self.type, self.year - 1, self.index)

    def year_to_date(self) -> list["Period"]:
        """The periods of the same type from the start of the year up to this one."""
        return [Period(self.type, self.year, i) for i in range(1, self.index + 1)]

    def year_to_date_months(self) -> list["Period"]:
        return [Period(PeriodType.MONTHLY, self.year, m) for m in range(1, self.end.month + 1)]

    def as_type(self, period_type: PeriodType) -> "Period":
        """The period of ``period_type`` that contains this period's start (a month's quarter)."""
        return containing(self.start, period_type)

    @property
    def year_period(self) -> "Period":
        return Period(PeriodType.YEARLY, self.year)


def parse(text: str) -> Period:
    """A period from its id; a clear Vietnamese error for anything else."""
    cleaned = (text or "").strip().upper()
    if len(cleaned) <= 8:
        for pattern, period_type in _PATTERNS:
            match = pattern.match(cleaned)
            if match:
                index = int(match.group(2)) if match.group(2) else 1
                return Period(period_type, int(match.group(1)), index)
    raise PeriodError(
        _(
            "“%(text)s” is not a period: write a month 201403, a quarter 2014Q1, "
            "a half-year 2014S1 or a year 2014."
        )
        % {"text": (text or "")[:40]}
    )


def is_period_id(text: str) -> bool:
    try:
        parse(text)
    except PeriodError:
        return False
    return True


def containing(day: date, period_type: PeriodType | str) -> Period:
    period_type = PeriodType(period_type)
    index = (day.month - 1) // period_type.months + 1
    return Period(period_type, day.year, index)


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period of ``first``'s type from ``first`` to ``last`` inclusive."""
    if first.type != last.type:
        raise PeriodError(_("Both periods must be of the same type."))
    found: list[Period] = []
    current = first
    while current <= last:
        found.append(current)
        current = current.next()
    return found


def periods_of_year(period_type: PeriodType | str, year: int) -> list[Period]:
    period_type = PeriodType(period_type)
    return [Period(period_type, year, i) for i in range(1, period_type.per_year + 1)]


def label(period_id: str) -> str:
    return parse(period_id).label
