"""The pivot: elements or indicators × periods × areas of the map of a date, read from the
analysis tables (``analytics``) and scoped to what the user may see.

An element's value for an area and a period: the approved values of the area's units are
combined by the element's aggregation over units (sum, or average) for each stored period, then
the stored periods within the asked period by its aggregation over time (sum for flows, the
last value for stocks, the average). Indicators are computed from those with the expression
language, the population from the directory and the targets.

One module: the cube, its cells and the table read one another's structures, and the time a
pivot takes is in how they fit together."""

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils.translation import gettext as _

from congso.core.text import format_number
from congso.directory.models import AdminUnit, Population
from congso.directory.selectors import Scope, units_on, user_scope

from . import analytics, expressions, periods
from .models import (
    Aggregation,
    DataElement,
    DisaggregationOption,
    Indicator,
    Target,
    normalised,
)
from .models_analytics import ApprovedValue, PeriodRollup, Rollup

DIMENSIONS = ("data", "period", "unit")


@dataclass(frozen=True)
class Item:
    """A row or column of the data dimension: an element (or one of its options), or an
    indicator. ``key`` is how it is written in an address: ``e:REV``, ``e:SUBS.FTTH``,
    ``i:DENSITY``."""

    key: str
    label: str
    unit_of_measure: str
    decimals: int | None
    element: DataElement | None = None
    option: DisaggregationOption | None = None
    indicator: Indicator | None = None

    # kept once read: a pivot reads them for each of its cells
    @cached_property
    def element_id(self) -> int | None:
        return self.element.pk if self.element is not None else None

    @cached_property
    def option_id(self) -> int | None:
        return self.option.pk if self.option is not None else None


def parse_items(keys: list[str]) -> list[Item]:
    """Items from their keys; unknown ones are left out."""
    codes = {k.split(":", 1)[1].split(".", 1)[0] for k in keys if ":" in k}
    elements = {
        e.code: e
        for e in DataElement.objects.filter(code__in=codes).select_related("disaggregation")
    }
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    options = {
        (o.disaggregation_id, o.code): o
        for o in DisaggregationOption.objects.filter(
            disaggregation__in=[
                e.disaggregation_id for e in elements.values() if e.disaggregation_id
            ]
        )
    }
    items = []
    for key in keys:
        kind, _sep, rest = key.partition(":")
        code, _dot, option_code = rest.partition(".")
        if kind == "e" and code in elements:
            element = elements[code]
            option = options.get((element.disaggregation_id, option_code)) if option_code else None
            if option_code and option is None:
                continue
            label = f"{element.name} — {option.name}" if option else element.name
            items.append(
                Item(key, label, element.unit_of_measure, element.decimals, element, option)
            )
        elif kind == "i" and code in indicators:
            indicator = indicators[code]
            items.append(
                Item(
                    key,
                    indicator.name,
                    indicator.unit_of_measure,
                    indicator.decimals,
                    indicator=indicator,
                )
            )
    return items


def item_choices() -> list[tuple[str, str]]:
    """Every element, its options and every indicator, as (key, label)."""
    choices = []
    for element in DataElement.objects.select_related("disaggregation").prefetch_related(
        "disaggregation__options"
    ):
        choices.append((f"e:{element.code}", element.name))
        if element.disaggregation_id:
            for option in element.disaggregation.options.all():
                choices.append(
                    (f"e:{element.code}.{option.code}", f"{element.name} — {option.name}")
                )
    for indicator in Indicator.objects.all():
        choices.append((f"i:{indicator.code}", f"{indicator.name} ({_('indicator')})"))
    return choices


def _uses_rollup(scope: Scope, level: int, day: date) -> bool:
    if level not in analytics.ROLLUP_LEVELS:
        return False
    if not (
        scope.everything
        or (
            scope.organisation is not None
            and scope.organisation.is_territorial
            and scope.organisation.admin_unit.level == AdminUnit.Level.PROVINCE
        )
    ):
        return False
    state = analytics.map_state()
    return state is not None and analytics.same_map(state.day, day)


def _finer_or_equal(period_type: str) -> list[str]:
    """The stored period types a period of ``period_type`` is made of, itself first."""
    months = periods.PeriodType(period_type).months
    return [period_type] + [
        t.value
        for t in (
            periods.PeriodType.SIXMONTHLY,
            periods.PeriodType.QUARTERLY,
            periods.PeriodType.MONTHLY,
        )
        if t.months < months
    ]


_FINER = {t.value: _finer_or_equal(t.value) for t in periods.PeriodType}


class Cube:
    """Approved values of some elements over a range of periods, per area of one level of the
    map of ``day``, within what ``user`` may see."""

    def __init__(
        self,
        user,
        elements: list[DataElement],
        first: date,
        last: date,
        level: int,
        day: date,
        scope: Scope | None = None,
        target: str | None = None,
    ):
        self.scope = scope or user_scope(user)
        # (element, area, start of the target period) -> stored period type -> option -> value
        self.buckets: dict = {}
        self.bucket_totals: dict = {}
        self.bucket_type: str | None = None
        self.elements = {e.pk: e for e in elements}
        self.by_code = {e.code: e for e in elements}
        self.level, self.day = level, day
        # (element, area) -> period type -> start -> option -> [total, count]
        self.data: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
        self.areas: set[int] = set()
        self.used_rollup = False
        if not elements:
            return
        scope = self.scope
        if _uses_rollup(scope, level, day):
            self.used_rollup = True
            qs = Rollup.objects.filter(
                level=level,
                # every type, named so that the index (level, period type, …) serves
                period_type__in=[t.value for t in periods.PeriodType],
                element__in=list(self.elements),
                period_start__gte=first,
                period_start__lte=last,
            )
            if not scope.everything:
                qs = qs.filter(area__in=scope.units.values("pk"))
            if target in _FINER and target != periods.PeriodType.MONTHLY.value:
                self._bucketed(qs, target, first, last)
                return
            rows = qs.values_list(
                "element_id",
                "option_id",
                "period_type",
                "period_start",
                "area_id",
                "total",
                "count",
            )
            for element, option, ptype, start, area, total, count in rows.iterator(
                chunk_size=20000
            ):
                self.data[(element, area)][ptype][start][option] = [total, count]
                self.areas.add(area)
            return
        qs = ApprovedValue.objects.filter(
            element__in=list(self.elements), period_start__gte=first, period_start__lte=last
        )
        if not scope.everything:
            if scope.organisation is None:
                return
            q = Q(organisation__in=scope.organisations.values("pk"))
            if scope.organisation.is_territorial:
                q |= Q(unit__in=scope.units.values("pk"))
            qs = qs.filter(q)
        rows = qs.values_list("element_id", "option_id", "period_type", "period_start", "unit_id")
        rows = rows.annotate(total=Sum("value"), count=Count("pk")).order_by()
        index = analytics.MapIndex(day)
        for element, option, ptype, start, unit, total, count in rows:
            area = index.area(unit, level)
            if area is None:
                continue
            cell = self.data[(element, area)][ptype][start].setdefault(option, [Decimal(0), 0])
            cell[0] += total
            cell[1] += count
            self.areas.add(area)

    def _bucketed(self, qs, target: str, first: date, last: date) -> None:
        """Read the asked periods whole: values reported for exactly those periods from the
        rollups, finer ones already gathered into them (``PeriodRollup``); every cell's
        value is computed here, once, by its element's aggregations, and so is its total over
        the options, so that reading a cell is one look-up (a pivot reads tens of
        thousands)."""
        self.bucket_type = target
        elements = self.elements
        # a bucket takes the values of the coarsest period type it has: the target's own
        # figures first, then those gathered from the coarsest finer type (_FINER's order)
        rank = {ptype: i for i, ptype in enumerate(_FINER[target])}
        # (element, area, start) -> [rank of the type read, {option: value}]
        found: dict[tuple, list] = {}

        def put(key: tuple, ptype: str, option, value) -> None:
            here = rank.get(ptype)
            if here is None:
                return
            cell = found.get(key)
            if cell is None or here < cell[0]:
                found[key] = [here, {option: value}]
            elif here == cell[0]:
                cell[1][option] = value

        for element_id, option, area, start, total, count in qs.filter(
            period_type=target
        ).values_list("element_id", "option_id", "area_id", "period_start", "total", "count"):
            how = elements[element_id].unit_aggregation
            put((element_id, area, start), target, option, analytics.unit_value(total, count, how))
        gathered = PeriodRollup.objects.filter(
            level=self.level,
            target_type=target,
            element__in=list(elements),
            bucket__gte=first,
            bucket__lte=last,
        )
        if not self.scope.everything:
            gathered = gathered.filter(area__in=self.scope.units.values("pk"))
        # the element's aggregations pick the column in SQL: a row comes back as the number
        # and what it is divided by (1: nothing), half the columns to read and convert
        last, average = Aggregation.LAST, Aggregation.AVERAGE
        rows = gathered.annotate(
            number=Case(
                When(Q(element__time_aggregation=last), then=F("last_total")),
                When(Q(element__unit_aggregation=average), then=F("ratio_total")),
                default=F("total"),
            ),
            divisor=Case(
                When(
                    Q(element__time_aggregation=last)
                    & Q(element__unit_aggregation=average)
                    & Q(last_count__gt=0),
                    then=F("last_count"),
                ),
                When(Q(element__time_aggregation=average), then=F("periods")),
                default=Value(1),
                output_field=IntegerField(),
            ),
        ).values_list(
            "element_id", "option_id", "source_type", "area_id", "bucket", "number", "divisor"
        )
        rank_of = rank.get
        if connection.vendor == "postgresql":
            # psycopg gives dates and Decimals already: Django's converters, row by row,
            # cost more than the loop below
            sql, params = rows.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        else:
            rows = list(rows)
        if not found and len({row[2] for row in rows}) <= 1:
            # one period type gathered, none of the target's own: no type to choose per cell
            self._gathered_once(rows)
            return
        for element_id, option, source, area, bucket, number, divisor in rows:
            value = number if divisor == 1 else number / divisor
            here = rank_of(source)
            if here is None:
                continue
            key = (element_id, area, bucket)
            cell = found.get(key)
            if cell is None or here < cell[0]:
                found[key] = [here, {option: value}]
            elif here == cell[0]:
                cell[1][option] = value
        zero = Decimal(0)
        buckets, totals = self.buckets, self.bucket_totals
        for key, (_rank, cells) in found.items():
            buckets[key] = cells
            # the total over options: each option gathered by the element's aggregations
            if len(cells) == 1:
                for value in cells.values():
                    totals[key] = value
            else:
                totals[key] = sum(cells.values(), zero)
        self.areas.update(key[1] for key in found)

    def _gathered_once(self, rows) -> None:
        """``_bucketed``'s common case (every figure gathered from one period type): each
        cell in one pass, its total over options added up in the rows' order."""
        zero = Decimal(0)
        buckets, totals = self.buckets, self.bucket_totals
        for element_id, option, _source, area, bucket, number, divisor in rows:
            value = number if divisor == 1 else number / divisor
            key = (element_id, area, bucket)
            if option is not None:
                cells = buckets.get(key)
                if cells is None:
                    buckets[key] = {option: value}
                else:
                    cells[option] = value
                totals[key] = totals.get(key, zero) + value
            elif key in totals:
                totals[key] += value
            else:
                totals[key] = value
        self.areas.update(key[1] for key in totals)

    def _from_bucket(
        self, element: DataElement, option_id: int | None, area: int, period: periods.Period
    ) -> Decimal | None:
        return self.from_bucket(element.pk, option_id, area, period.type, period.start)

    def from_bucket(
        self, element_id: int, option_id: int | None, area: int, period_type: str, start: date
    ) -> Decimal | None:
        """A cell of the periods read by ``_bucketed`` (``period_type`` is theirs)."""
        if option_id is None:
            return self.bucket_totals.get((element_id, area, start))
        cells = self.buckets.get((element_id, area, start))
        return cells.get(option_id) if cells else None

    def value(
        self, element: DataElement, option_id: int | None, area: int, period: periods.Period
    ) -> Decimal | None:
        if self.bucket_type == period.type.value:
            return self._from_bucket(element, option_id, area, period)
        by_type = self.data.get((element.pk, area))
        if not by_type:
            return None
        chosen = None
        candidates = [period.type.value] + [
            t.value
            for t in (
                periods.PeriodType.SIXMONTHLY,
                periods.PeriodType.QUARTERLY,
                periods.PeriodType.MONTHLY,
            )
            if t.months < period.type.months
        ]
        for ptype in candidates:
            starts = by_type.get(ptype)
            if not starts:
                continue
            inside = sorted(s for s in starts if period.start <= s <= period.end)
            if inside:
                chosen = (starts, inside)
                break
        if chosen is None:
            return None
        starts, inside = chosen
        series = []
        for start in inside:
            cells = starts[start]
            if option_id is None:
                total = sum((c[0] for c in cells.values()), Decimal(0))
                count = max(c[1] for c in cells.values())
            elif option_id in cells:
                total, count = cells[option_id]
            else:
                continue
            series.append(analytics.unit_value(total, count, element.unit_aggregation))
        return analytics.aggregate(series, element.time_aggregation)


class CubeContext:
    """An area of a cube as an expression context (``stats.expressions``)."""

    def __init__(self, pivot: "PivotData", area: int):
        self.pivot, self.area = pivot, area

    def value(self, reference, period):
        element = self.pivot.cube.by_code.get(reference.code)
        if element is None:
            return None
        option_id = None
        if reference.option:
            option_id = self.pivot.option_ids.get((element.pk, reference.option))
            if option_id is None:
                return None
        return self.pivot.cube.value(element, option_id, self.area, period)

    def population(self, period):
        return self.pivot.population(self.area, period.year)

    def target(self, reference, period):
        element = self.pivot.cube.by_code.get(reference.code)
        if element is None:
            return None
        return self.pivot.targets.get((element.pk, period.year, self.area))

    def previous(self, period):
        return period.previous()

    def last_year(self, period):
        return period.same_period_last_year()

    def year_to_date(self, period):
        return period.year_to_date()


@dataclass
class PivotData:
    """Values of items × periods × areas, computed once, read by the table, charts,
    dashboard, report and open data."""

    items: list[Item]
    periods: list[periods.Period]
    areas: list[AdminUnit]
    cube: Cube
    option_ids: dict = field(default_factory=dict)
    targets: dict = field(default_factory=dict)
    populations: dict = field(default_factory=dict)
    _cache: dict = field(default_factory=dict)

    def population(self, area: int, year: int) -> Decimal | None:
        years = self.populations.get(area, {})
        found = [y for y in years if y <= year]
        return Decimal(years[max(found)]) if found else None

    def get(self, item: Item, period: periods.Period, area: int) -> Decimal | None:
        if item.element is not None:  # cheap: a look-up in the cube
            cube = self.cube
            if cube.bucket_type == period.type:
                # Cube.from_bucket, unrolled: a table reads every cell through here
                key = (item.element_id, area, period.start)
                if item.option is None:
                    return cube.bucket_totals.get(key)
                cells = cube.buckets.get(key)
                return cells.get(item.option_id) if cells else None
            return self._compute(item, period, area)
        key = (item.key, period, area)
        if key not in self._cache:
            self._cache[key] = self._compute(item, period, area)
        return self._cache[key]

    def _compute(self, item: Item, period: periods.Period, area: int) -> Decimal | None:
        if item.element is not None:
            return self.cube.value(
                item.element, item.option.pk if item.option else None, area, period
            )
        indicator = item.indicator
        context = CubeContext(self, area)
        try:
            numerator = expressions.compute(indicator.numerator, context, period)
            denominator = expressions.compute(indicator.denominator, context, period)
        except expressions.ExpressionError:
            return None
        if numerator is None or denominator is None or denominator == 0:
            return None
        return numerator / denominator * indicator.factor

    def formatted(self, item: Item, value: Decimal | None) -> str:
        return format_value(value, item.decimals)


def format_value(value: Decimal | None, decimals: int | None) -> str:
    if value is None:
        return ""
    if decimals is None:
        return format_number(normalised(round(value, 2)))
    return format_number(round(value, decimals), decimals)


def _referenced_elements(items: list[Item]) -> list[DataElement]:
    elements = {i.element.pk: i.element for i in items if i.element is not None}
    codes = set()
    for item in items:
        if item.indicator is not None:
            for text in (item.indicator.numerator, item.indicator.denominator):
                with contextlib.suppress(expressions.ExpressionError):
                    codes |= expressions.element_codes(text)
    for element in DataElement.objects.filter(code__in=codes):
        elements.setdefault(element.pk, element)
    return list(elements.values())


def pivot_data(
    user,
    items: list[Item],
    period_list: list[periods.Period],
    *,
    level: int = AdminUnit.Level.PROVINCE,
    day: date | None = None,
    within: AdminUnit | None = None,
    area_ids: list[int] | None = None,
    scope: Scope | None = None,
) -> PivotData:
    """Everything the table needs in a few queries: the cube over the periods and a year
    before (for growth and year-to-date), the areas, populations and targets."""
    from django.utils import timezone

    day = day or timezone.localdate()
    scope = scope or user_scope(user)
    elements = _referenced_elements(items)
    needs_history = any(i.indicator is not None for i in items)
    first = min(p.start for p in period_list) if period_list else day
    if needs_history:
        first = date(first.year - 1, 1, 1)
    last = max(p.end for p in period_list) if period_list else day
    types = {p.type.value for p in period_list}
    target = types.pop() if len(types) == 1 else None
    cube = Cube(user, elements, first, last, level, day, scope=scope, target=target)
    if area_ids is not None:
        areas = list(AdminUnit.objects.filter(pk__in=area_ids).in_vietnamese_order())
    else:
        candidates = units_on(day, parent=within, level=level)
        if within is not None and within.level == AdminUnit.Level.PROVINCE:
            candidates = (
                AdminUnit.objects.valid_on(day)
                .filter(Q(province=within) | Q(pk=within.pk), level=level)
                .in_vietnamese_order()
            )
        if not scope.everything:
            candidates = candidates.filter(
                Q(pk__in=scope.units.values("pk")) | Q(pk__in=cube.areas)
            )
        areas = list(candidates)
        known = {a.pk for a in areas}
        # units shown under their own name (split, or not on the map of the day)
        extra = [a for a in cube.areas if a not in known]
        if extra and within is None:
            areas += list(AdminUnit.objects.filter(pk__in=extra).in_vietnamese_order())
    area_pks = [a.pk for a in areas]
    data = PivotData(items, period_list, areas, cube)
    data.option_ids = {
        (e.pk, o.code): o.pk
        for e in elements
        if e.disaggregation_id
        for o in DisaggregationOption.objects.filter(disaggregation_id=e.disaggregation_id)
    }
    if needs_history:
        years = {p.year for p in period_list}
        for element_id, year, unit_id, value in Target.objects.filter(
            element__in=[e.pk for e in elements], year__in=years, unit__in=area_pks
        ).values_list("element_id", "year", "unit_id", "value"):
            data.targets[(element_id, year, unit_id)] = value
        for unit_id, year, total in Population.objects.filter(
            unit__in=area_pks, year__lte=max(years)
        ).values_list("unit_id", "year", "total"):
            data.populations.setdefault(unit_id, {})[year] = total
    return data


# ---- the table --------------------------------------------------------------------------
@dataclass
class Header:
    key: object
    label: str


@dataclass
class PivotTable:
    title: str
    filter_label: str
    corner: str
    columns: list[Header]
    rows: list[tuple[Header, list[str], list[Decimal | None]]]


def pivot_table(data: PivotData, rows: str = "data", columns: str = "period") -> PivotTable:
    """Arrange ``data`` with ``rows`` and ``columns`` among data, period and unit; the third
    dimension is a filter on its first member."""
    if rows not in DIMENSIONS or columns not in DIMENSIONS or rows == columns:
        rows, columns = "data", "period"
    members = {
        "data": [
            Header(i, f"{i.label} ({i.unit_of_measure})" if i.unit_of_measure else i.label)
            for i in data.items
        ],
        "period": [Header(p, p.label) for p in data.periods],
        "unit": [Header(a.pk, a.full_name) for a in data.areas],
    }
    names = {"data": _("Data"), "period": _("Period"), "unit": _("Unit")}
    (third,) = [d for d in DIMENSIONS if d not in (rows, columns)]
    fixed = members[third][0] if members[third] else None
    table_rows = []
    for row in members[rows]:
        texts, values = [], []
        for column in members[columns]:
            picked = {rows: row.key, columns: column.key, third: fixed.key if fixed else None}
            if fixed is None:
                value = None
                text = ""
            else:
                item, period, area = picked["data"], picked["period"], picked["unit"]
                value = data.get(item, period, area)
                text = data.formatted(item, value)
            texts.append(text)
            values.append(value)
        table_rows.append((row, texts, values))
    return PivotTable(
        title=fixed.label if fixed else "",
        filter_label=f"{names[third]}: {fixed.label}" if fixed else names[third],
        corner=f"{names[rows]} \\ {names[columns]}",
        columns=members[columns],
        rows=table_rows,
    )
