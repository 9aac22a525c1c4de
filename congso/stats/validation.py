"""Validation rules and outliers over stored values.

:class:`ValueContext` is the database side of :mod:`.expressions`: it reads a unit's values
(optionally one reporting organisation's) for any period, aggregating finer periods by each
element's aggregation over time (a quarter from its months: sum for flows, the last month for
stocks, the average) and several reporting organisations by its aggregation over units."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from statistics import mean, pstdev

from django.utils.translation import gettext as _

from congso.directory.models import AdminUnit, Organisation, Population

from . import expressions, periods
from .models import (
    Aggregation,
    DataElement,
    DataValue,
    Submission,
    Target,
    ValidationRule,
    normalised,
)


def _aggregate(values: list[Decimal], how: str) -> Decimal | None:
    if not values:
        return None
    if how == Aggregation.AVERAGE:
        return sum(values, Decimal(0)) / len(values)
    if how == Aggregation.LAST:
        return values[-1]
    return sum(values, Decimal(0))


class ValueContext:
    """Values of ``unit`` (and of ``organisation`` when given) as an expression context.

    Reads each element's values of a year range once and answers every period from memory."""

    def __init__(self, unit: AdminUnit, organisation: Organisation | None = None):
        self.unit = unit
        self.organisation = organisation
        self._elements: dict[str, DataElement] = {}
        self._loaded: set[tuple[str, int]] = set()
        # (code, option code or None, period id, organisation id) -> value
        self._values: dict[tuple, Decimal] = {}
        self._populations: dict[int, Decimal | None] = {}

    def _element(self, code: str) -> DataElement | None:
        if code not in self._elements:
            self._elements[code] = (
                DataElement.objects.filter(code=code).select_related("disaggregation").first()
            )
        return self._elements[code]

    def _load(self, code: str, year: int) -> None:
        if (code, year) in self._loaded:
            return
        self._loaded.add((code, year))
        qs = DataValue.objects.filter(
            element__code=code, unit=self.unit, period_start__year=year
        ).values_list("option__code", "period", "organisation_id", "value")
        if self.organisation is not None:
            qs = qs.filter(organisation=self.organisation)
        else:
            # the values' key begins with the organisation: name the unit's reporters (each
            # value has its submission) rather than read every organisation's values
            qs = qs.filter(
                organisation__in=Submission.objects.filter(unit=self.unit).values("organisation")
            )
        for option, period_id, organisation_id, value in qs:
            self._values[(code, option, period_id, organisation_id)] = value

    def _stored(self, code: str, option: str | None, period: periods.Period) -> dict[int, Decimal]:
        """Per reporting organisation, the value of exactly ``period`` (options summed)."""
        found: dict[int, Decimal] = defaultdict(Decimal)
        present: set[int] = set()
        for (c, o, p, org), value in self._values.items():
            if c == code and p == period.id and (option is None or o == option):
                found[org] += value
                present.add(org)
        return {org: found[org] for org in present}

    def value(self, reference: expressions.Reference, period: periods.Period) -> Decimal | None:
        element = self._element(reference.code)
        if element is None:
            return None
        self._load(reference.code, period.year)
        per_org = self._stored(reference.code, reference.option, period)
        if not per_org and period.type != periods.PeriodType.MONTHLY:
            # from finer periods: months, else quarters, else halves
            for finer in (
                periods.PeriodType.MONTHLY,
                periods.PeriodType.QUARTERLY,
                periods.PeriodType.SIXMONTHLY,
            ):
                if finer.months >= period.type.months:
                    break
                parts = [
                    p for p in periods.periods_of_year(finer, period.year) if period.contains(p)
                ]
                series: dict[int, list[Decimal]] = defaultdict(list)
                for part in parts:
                    for org, value in self._stored(reference.code, reference.option, part).items():
                        series[org].append(value)
                if series:
                    per_org = {
                        org: _aggregate(values, element.time_aggregation)
                        for org, values in series.items()
                    }
                    break
        return _aggregate(list(per_org.values()), element.unit_aggregation)

    def population(self, period: periods.Period) -> Decimal | None:
        if period.year not in self._populations:
            found = (
                Population.objects.filter(unit=self.unit, year__lte=period.year)
                .order_by("-year")
                .values_list("total", flat=True)
                .first()
            )
            self._populations[period.year] = Decimal(found) if found is not None else None
        return self._populations[period.year]

    def target(self, reference: expressions.Reference, period: periods.Period) -> Decimal | None:
        return (
            Target.objects.filter(element__code=reference.code, year=period.year, unit=self.unit)
            .values_list("value", flat=True)
            .first()
        )

    def previous(self, period: periods.Period) -> periods.Period:
        return period.previous()

    def last_year(self, period: periods.Period) -> periods.Period:
        return period.same_period_last_year()

    def year_to_date(self, period: periods.Period) -> list[periods.Period]:
        return period.year_to_date()


# ---- validation rules ----------------------------------------------------------------
@dataclass(frozen=True)
class Violation:
    rule: ValidationRule
    period: periods.Period
    unit: AdminUnit
    organisation: Organisation | None
    left: Decimal | None
    right: Decimal | None

    @property
    def message(self) -> str:
        from congso.core.text import format_number

        def show(value):
            return _("missing") if value is None else format_number(normalised(round(value, 4)))

        return _("%(rule)s: %(left)s %(operator)s %(right)s is not true (%(period)s, %(unit)s)") % {
            "rule": self.rule.name,
            "left": show(self.left),
            "operator": self.rule.get_operator_display(),
            "right": show(self.right),
            "period": self.period.label,
            "unit": self.unit.full_name,
        }

    @property
    def left_shown(self) -> str:
        return self._show(self.left)

    @property
    def right_shown(self) -> str:
        return self._show(self.right)

    @staticmethod
    def _show(value) -> str:
        from congso.core.text import format_number

        if value is None:
            return _("missing")
        return format_number(normalised(round(value, 4)))

    @property
    def is_high(self) -> bool:
        return self.rule.importance == ValidationRule.Importance.HIGH


def _holds(rule: ValidationRule, left: Decimal, right: Decimal) -> bool:
    op = rule.operator
    tolerance = rule.tolerance or Decimal(0)
    if op == "==":
        return abs(left - right) <= tolerance
    if op == "!=":
        return abs(left - right) > tolerance
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right + tolerance
    if op == ">":
        return left > right
    return left >= right - tolerance


def check_rule(
    rule: ValidationRule, context: ValueContext, period: periods.Period
) -> Violation | None:
    left = expressions.compute(rule.left, context, period)
    right = expressions.compute(rule.right, context, period)
    strategy = rule.missing_value_strategy
    if left is None or right is None:
        if strategy == ValidationRule.Missing.SKIP_IF_ANY:
            return None
        if strategy == ValidationRule.Missing.SKIP_IF_ALL and left is None and right is None:
            return None
        if left is None and right is None:
            return None
        left_v, right_v = left or Decimal(0), right or Decimal(0)
    else:
        left_v, right_v = left, right
    if _holds(rule, left_v, right_v):
        return None
    return Violation(rule, period, context.unit, context.organisation, left, right)


def run_rules(
    rules,
    period_list: list[periods.Period],
    units: list[AdminUnit],
    organisation: Organisation | None = None,
) -> list[Violation]:
    """Every violation of ``rules`` for each period (of the rule's period type) and unit."""
    violations: list[Violation] = []
    rules = list(rules)
    for unit in units:
        context = ValueContext(unit, organisation)
        for period in period_list:
            for rule in rules:
                if rule.period_type != period.type:
                    continue
                found = check_rule(rule, context, period)
                if found:
                    violations.append(found)
    return violations


def rules_for_data_set(data_set) -> list[ValidationRule]:
    return list(ValidationRule.objects.filter(data_set=data_set, period_type=data_set.period_type))


# ---- outliers -------------------------------------------------------------------------
Z_LIMIT = 3
MIN_HISTORY = 4
#: min–max bounds: the history's range widened by half its extremes
MINMAX_MARGIN = Decimal("0.5")


@dataclass(frozen=True)
class Outlier:
    method: str  # "z-score" or "min-max"
    value: Decimal
    low: Decimal
    high: Decimal
    z: float | None = None

    @property
    def message(self) -> str:
        from congso.core.text import format_number

        bounds = {
            "low": format_number(normalised(round(self.low, 2))),
            "high": format_number(normalised(round(self.high, 2))),
        }
        if self.method == "z-score":
            return _("Far from this unit's history (z = %(z)s; usual %(low)s – %(high)s)") % {
                "z": format_number(Decimal(str(round(self.z, 1)))),
                **bounds,
            }
        return _("Outside the range of this unit's history (%(low)s – %(high)s)") % bounds


def outlier(value: Decimal, history: list[Decimal]) -> Outlier | None:
    """Whether ``value`` is far from ``history`` (the same element, unit and organisation's
    earlier values of the same period type): a z-score beyond 3, else outside the history's
    min–max widened by half. Fewer than four earlier values: no judgement."""
    if len(history) < MIN_HISTORY:
        return None
    floats = [float(v) for v in history]
    average, deviation = mean(floats), pstdev(floats)
    if deviation > 0:
        z = (float(value) - average) / deviation
        if abs(z) > Z_LIMIT:
            low = Decimal(str(average - Z_LIMIT * deviation))
            high = Decimal(str(average + Z_LIMIT * deviation))
            return Outlier("z-score", value, low, high, z)
    low, high = min(history), max(history)
    low_bound = low - abs(low) * MINMAX_MARGIN
    high_bound = high + abs(high) * MINMAX_MARGIN
    if value < low_bound or value > high_bound:
        return Outlier("min-max", value, low_bound, high_bound)
    return None


def value_history(value: DataValue, limit: int = 24) -> list[Decimal]:
    return list(
        DataValue.objects.filter(
            element_id=value.element_id,
            option_id=value.option_id,
            unit_id=value.unit_id,
            organisation_id=value.organisation_id,
            period_type=value.period_type,
            period_start__lt=value.period_start,
        )
        .order_by("-period_start")
        .values_list("value", flat=True)[:limit]
    )


def outliers_of(values, limit: int = 24) -> dict[int, Outlier]:
    """Outliers among ``values`` (DataValue instances), by value id: one query for each
    reporting organisation, unit and period type among them (one for a form)."""
    groups: dict[tuple, list[DataValue]] = defaultdict(list)
    for value in values:
        groups[(value.organisation_id, value.unit_id, value.period_type)].append(value)
    found = {}
    for (organisation_id, unit_id, period_type), members in groups.items():
        history: dict[tuple, list[tuple]] = defaultdict(list)
        for element_id, option_id, start, number in DataValue.objects.filter(
            organisation_id=organisation_id,
            unit_id=unit_id,
            period_type=period_type,
            element_id__in={v.element_id for v in members},
            period_start__lt=max(v.period_start for v in members),
        ).values_list("element_id", "option_id", "period_start", "value"):
            history[(element_id, option_id)].append((start, number))
        for value in members:
            earlier = sorted(
                (
                    h
                    for h in history[(value.element_id, value.option_id)]
                    if h[0] < value.period_start
                ),
                reverse=True,
            )[:limit]
            result = outlier(value.value, [number for _start, number in earlier])
            if result:
                found[value.pk] = result
    return found
