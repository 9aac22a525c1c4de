"""Fresh analytics: approved figures in the pivot at once, with no nightly rebuild.

The services call :func:`values_changed` after a submission is approved, accepted or
unapproved, inside their transaction, with the keys of the values whose approved state
changed. It runs **synchronously in that transaction**: a submission is a few dozen values, so
copying them to :class:`~.models_analytics.ApprovedValue` and recomputing the few rollup rows of
their areas takes milliseconds; the pivot is fresh the moment the approval commits (0 s, not
"within a minute"), an unapproval removes the figures in the same commit (no window where a
withdrawn figure is still published), a rolled-back approval leaves nothing behind, and no
worker has to be up for the analysis to be right. Work that is heavy (rebuilding everything
after a reorganisation of the map: :func:`rebuild`) is a management command.

Three tables (``models_analytics``):

- ``ApprovedValue``: one row per approved figure (element, option, period, unit, organisation);
- ``UnitArea``: for each unit, the area of the map of ``MapState.day`` it is shown under at the
  province and district levels — a unit merged whole into another goes under its successor, a
  unit split in parts stays under its own name (its figures are not guessed into the parts);
- ``Rollup``: approved values summed, with their count, per element, option, period and area of
  that map, at the province and district levels: the pivot reads tens of thousands of rows
  instead of millions.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from congso.directory.models import AdminUnit, UnitSuccession

from . import periods
from .models import Aggregation, DataValue, Submission

ROLLUP_LEVELS = (AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT)


@dataclass(frozen=True)
class ValueKey:
    """What changed: a data set's values of one period, reporting organisation and unit."""

    data_set_id: int
    period: str
    organisation_id: int
    unit_id: int
    element_ids: tuple[int, ...]


def _tables():
    from .models_analytics import ApprovedValue, Rollup, UnitArea

    return ApprovedValue._meta.db_table, Rollup._meta.db_table, UnitArea._meta.db_table


_APPROVED_SELECT = """
SELECT dv.element_id, dv.option_id, dv.period_type, dv.period_start, dv.unit_id,
       dv.organisation_id, dv.value
FROM stats_datavalue dv
WHERE EXISTS (
    SELECT 1 FROM stats_submission s
    JOIN stats_dataset_elements de ON de.dataset_id = s.data_set_id
    WHERE s.organisation_id = dv.organisation_id AND s.period = dv.period
      AND de.dataelement_id = dv.element_id AND s.state IN ('approved', 'accepted'))
"""
_APPROVED_COLUMNS = (
    "element_id, option_id, period_type, period_start, unit_id, organisation_id, value"
)


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


# ---- the map of a date ------------------------------------------------------------------
class MapIndex:
    """The whole map in memory (14.000 units, a few thousand successions), answering where a
    unit's figures go on the map of ``day``."""

    def __init__(self, day: date):
        self.day = day
        self.units = {
            row[0]: row
            for row in AdminUnit.objects.values_list(
                "pk", "level", "parent_id", "valid_from", "valid_to"
            )
        }
        self.successions: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for predecessor, successor, kind in UnitSuccession.objects.filter(
            effective__lte=day
        ).values_list("predecessor_id", "successor_id", "kind"):
            self.successions[predecessor].append((successor, kind))
        self._shown: dict[int, int] = {}

    def valid(self, unit_id: int) -> bool:
        _pk, _level, _parent, start, end = self.units[unit_id]
        return (start is None or start <= self.day) and (end is None or self.day <= end)

    def shown_as(self, unit_id: int) -> int:
        """The unit in force on ``day`` that took ``unit_id`` over whole, through any number
        of whole mergers; the unit itself when it is in force, was split or has no single
        successor."""
        if unit_id in self._shown:
            return self._shown[unit_id]
        current, seen = unit_id, set()
        while not self.valid(current) and current not in seen:
            seen.add(current)
            edges = self.successions.get(current, [])
            if len(edges) != 1 or edges[0][1] != UnitSuccession.Kind.FULL:
                current = unit_id  # split, or ended without a successor: its own name
                break
            current = edges[0][0]
        self._shown[unit_id] = current
        return current

    def area(self, unit_id: int, level: int) -> int | None:
        """The area at ``level`` (province 1, district 2, commune 3) a unit's figures are
        shown under; None when the unit lies above that level or no such area exists."""
        current = self.shown_as(unit_id)
        for _step in range(6):
            _pk, unit_level, parent, _s, _e = self.units[current]
            if unit_level == level:
                return current
            if unit_level < level or parent is None:
                return None
            current = self.shown_as(parent)
        return None


def map_state():
    from .models_analytics import MapState

    return MapState.objects.order_by("pk").first()


def same_map(first: date, second: date) -> bool:
    """Whether nothing on the map started or ended between the two dates."""
    low, high = min(first, second), max(first, second)
    if low == high:
        return True
    return not (
        AdminUnit.objects.filter(
            Q(valid_from__gt=low, valid_from__lte=high) | Q(valid_to__gte=low, valid_to__lt=high)
        ).exists()
        or UnitSuccession.objects.filter(effective__gt=low, effective__lte=high).exists()
    )


def _unit_areas(unit_ids: Iterable[int], index: MapIndex) -> list:
    from .models_analytics import UnitArea

    rows = []
    for unit_id in unit_ids:
        for level in ROLLUP_LEVELS:
            area = index.area(unit_id, level)
            if area is not None:
                rows.append(UnitArea(unit_id=unit_id, level=level, area_id=area))
    return rows


def _ensure_state():
    """The map the rollups are kept for; made (with every unit's areas) on first use."""
    from .models_analytics import MapState, UnitArea

    state = map_state()
    if state is None:
        day = timezone.localdate()
        index = MapIndex(day)
        UnitArea.objects.all().delete()
        UnitArea.objects.bulk_create(_unit_areas(index.units, index), batch_size=2000)
        state = MapState.objects.create(day=day, rebuilt=timezone.now())
    return state


def _ensure_unit_areas(unit_ids: set[int], state) -> None:
    from .models_analytics import UnitArea

    known = set(UnitArea.objects.filter(unit_id__in=unit_ids).values_list("unit_id", flat=True))
    missing = unit_ids - known
    if missing:
        UnitArea.objects.bulk_create(
            _unit_areas(missing, MapIndex(state.day)), ignore_conflicts=True
        )


# ---- incremental maintenance ------------------------------------------------------------
_deferred: ContextVar[list[ValueKey] | None] = ContextVar("stats_deferred_changes", default=None)


@contextmanager
def changes_deferred() -> Iterator[None]:
    """Within the block, :func:`values_changed` only notes its keys; leaving it, the analysis
    tables are brought up to date once for all of them, in the caller's transaction. For many
    approvals in one go (a batch of months of one form), each of which would otherwise
    recompute the same quarter, half-year and year. Nothing inside the block may read the
    analysis tables; on an error nothing is refreshed (the transaction rolls back)."""
    if _deferred.get() is not None:
        yield
        return
    pending: list[ValueKey] = []
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    merged: dict[tuple, set[int]] = defaultdict(set)
    for key in pending:
        merged[(key.data_set_id, key.period, key.organisation_id, key.unit_id)].update(
            key.element_ids
        )
    values_changed(
        ValueKey(data_set, period, organisation, unit, tuple(sorted(elements)))
        for (data_set, period, organisation, unit), elements in merged.items()
    )


def values_changed(keys: Iterable[ValueKey]) -> None:
    """Called by the services, in their transaction, when approved values change (approval,
    acceptance, unapproval): copy the figures now approved, drop the others, and recompute
    the rollup rows of their areas."""
    keys = [k for k in keys if k.element_ids]
    if not keys:
        return
    pending = _deferred.get()
    if pending is not None:
        pending.extend(keys)
        return
    approved_table, rollup_table, area_table = _tables()
    state = _ensure_state()
    _ensure_unit_areas({k.unit_id for k in keys}, state)
    touched: set[tuple[int, str, date, int, int]] = set()
    with connection.cursor() as cursor:
        for key in keys:
            period = periods.parse(key.period)
            elements = list(key.element_ids)
            cursor.execute(
                f"DELETE FROM {approved_table} WHERE organisation_id = %s AND unit_id = %s "
                f"AND period_type = %s AND period_start = %s "
                f"AND element_id IN ({_placeholders(elements)})",
                [key.organisation_id, key.unit_id, period.type.value, period.start, *elements],
            )
            cursor.execute(
                f"INSERT INTO {approved_table} ({_APPROVED_COLUMNS}) {_APPROVED_SELECT} "
                f"AND dv.organisation_id = %s AND dv.unit_id = %s AND dv.period = %s "
                f"AND dv.element_id IN ({_placeholders(elements)})",
                [key.organisation_id, key.unit_id, period.id, *elements],
            )
            cursor.execute(
                f"SELECT level, area_id FROM {area_table} WHERE unit_id = %s", [key.unit_id]
            )
            for level, area in cursor.fetchall():
                for element in elements:
                    touched.add((element, period.type.value, period.start, level, area))
        for element, period_type, start, level, area in touched:
            cursor.execute(
                f"DELETE FROM {rollup_table} WHERE element_id = %s AND period_type = %s "
                f"AND period_start = %s AND level = %s AND area_id = %s",
                [element, period_type, start, level, area],
            )
            cursor.execute(
                f"INSERT INTO {rollup_table} (element_id, option_id, period_type, period_start, "
                f"level, area_id, total, count) "
                f"SELECT av.element_id, av.option_id, av.period_type, av.period_start, ua.level, "
                f"ua.area_id, SUM(av.value), COUNT(*) FROM {approved_table} av "
                f"JOIN {area_table} ua ON ua.unit_id = av.unit_id "
                f"WHERE av.element_id = %s AND av.period_type = %s AND av.period_start = %s "
                f"AND ua.level = %s AND ua.area_id = %s "
                f"GROUP BY av.element_id, av.option_id, av.period_type, av.period_start, "
                f"ua.level, ua.area_id",
                [element, period_type, start, level, area],
            )
    refresh_period_rollups(touched)


def coarser_types(period_type: str) -> list[periods.PeriodType]:
    months = periods.PeriodType(period_type).months
    return [
        t
        for t in (
            periods.PeriodType.QUARTERLY,
            periods.PeriodType.SIXMONTHLY,
            periods.PeriodType.YEARLY,
        )
        if t.months > months
    ]


def _gather(rows, element, option, source, target, bucket, level, area):
    """One PeriodRollup from the rollup rows (start, total, count) of a bucket, in time order."""
    from .models_analytics import PeriodRollup

    total = ratio = Decimal(0)
    last_total, last_count = Decimal(0), 0
    for _start, row_total, row_count in rows:
        total += row_total
        ratio += row_total / row_count if row_count else Decimal(0)
        last_total, last_count = row_total, row_count
    return PeriodRollup(
        element_id=element,
        option_id=option,
        source_type=source,
        target_type=target,
        bucket=bucket,
        level=level,
        area_id=area,
        total=total,
        ratio_total=round(ratio, 6),
        last_total=last_total,
        last_count=last_count,
        periods=len(rows),
    )


def refresh_period_rollups(touched) -> None:
    """Recompute the quarter, half-year and year rows the changed rollup rows fall in."""
    from .models_analytics import PeriodRollup, Rollup

    keys = set()
    for element, source, start, level, area in touched:
        for target in coarser_types(source):
            bucket = periods.containing(start, target)
            keys.add((element, source, target, bucket, level, area))
    made = []
    for element, source, target, bucket, level, area in keys:
        PeriodRollup.objects.filter(
            element_id=element,
            source_type=source,
            target_type=target.value,
            bucket=bucket.start,
            level=level,
            area_id=area,
        ).delete()
        by_option = defaultdict(list)
        for option, start, total, count in (
            Rollup.objects.filter(
                element_id=element,
                period_type=source,
                level=level,
                area_id=area,
                period_start__gte=bucket.start,
                period_start__lte=bucket.end,
            )
            .order_by("period_start")
            .values_list("option_id", "period_start", "total", "count")
        ):
            by_option[option].append((start, total, count))
        for option, rows in by_option.items():
            made.append(
                _gather(rows, element, option, source, target.value, bucket.start, level, area)
            )
    PeriodRollup.objects.bulk_create(made)


def build_period_rollups() -> int:
    """Every PeriodRollup from the rollups (a rebuild): one pass in time order."""
    from .models_analytics import PeriodRollup, Rollup

    PeriodRollup.objects.all().delete()
    made, count = [], 0
    current, rows = None, []

    def flush():
        nonlocal made, count
        if current is None:
            return
        element, option, source, level, area = current
        for target in coarser_types(source):
            buckets = defaultdict(list)
            for row in rows:
                buckets[periods.containing(row[0], target).start].append(row)
            for bucket, part in buckets.items():
                made.append(
                    _gather(part, element, option, source, target.value, bucket, level, area)
                )
        if len(made) >= 5000:
            PeriodRollup.objects.bulk_create(made)
            count += len(made)
            made = []

    query = Rollup.objects.order_by(
        "element_id", "option_id", "period_type", "level", "area_id", "period_start"
    ).values_list(
        "element_id",
        "option_id",
        "period_type",
        "level",
        "area_id",
        "period_start",
        "total",
        "count",
    )
    for element, option, source, level, area, start, total, number in query.iterator(
        chunk_size=10000
    ):
        key = (element, option, source, level, area)
        if key != current:
            flush()
            current, rows = key, []
        rows.append((start, total, number))
    flush()
    PeriodRollup.objects.bulk_create(made)
    return count + len(made)


@transaction.atomic
def rebuild(day: date | None = None) -> dict[str, int]:
    """Everything again, for the map of ``day`` (today): after a reorganisation of the map,
    or to check the incremental tables (``congso stats_analytics --rebuild``)."""
    from .models_analytics import ApprovedValue, MapState, PeriodRollup, Rollup, UnitArea

    day = day or timezone.localdate()
    approved_table, _rollup_table, _area_table = _tables()
    index = MapIndex(day)
    PeriodRollup.objects.all().delete()
    Rollup.objects.all().delete()
    UnitArea.objects.all().delete()
    ApprovedValue.objects.all().delete()
    UnitArea.objects.bulk_create(_unit_areas(index.units, index), batch_size=5000)
    MapState.objects.all().delete()
    MapState.objects.create(day=day, rebuilt=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {approved_table} ({_APPROVED_COLUMNS}) {_APPROVED_SELECT}")
        build_rollups(cursor)
    build_period_rollups()
    return {
        "approved": ApprovedValue.objects.count(),
        "rollup": Rollup.objects.count(),
        "areas": UnitArea.objects.count(),
        "period_rollup": PeriodRollup.objects.count(),
    }


def build_rollups(cursor) -> None:
    approved_table, rollup_table, area_table = _tables()
    cursor.execute(
        f"INSERT INTO {rollup_table} (element_id, option_id, period_type, period_start, level, "
        f"area_id, total, count) "
        f"SELECT av.element_id, av.option_id, av.period_type, av.period_start, ua.level, "
        f"ua.area_id, SUM(av.value), COUNT(*) FROM {approved_table} av "
        f"JOIN {area_table} ua ON ua.unit_id = av.unit_id "
        f"GROUP BY av.element_id, av.option_id, av.period_type, av.period_start, ua.level, "
        f"ua.area_id"
    )


# ---- aggregation ------------------------------------------------------------------------
def aggregate(values: list[Decimal], how: str) -> Decimal | None:
    """``values`` in time order, by an element's aggregation."""
    if not values:
        return None
    if how == Aggregation.AVERAGE:
        return sum(values, Decimal(0)) / len(values)
    if how == Aggregation.LAST:
        return values[-1]
    return sum(values, Decimal(0))


def unit_value(total: Decimal, count: int, how: str) -> Decimal:
    """An area's value of one stored period from the sum and count of its units' values."""
    if how == Aggregation.AVERAGE and count:
        return total / count
    return total


def locked_states() -> tuple[str, ...]:
    return tuple(Submission.LOCKED)


def approved_values_of(organisation_id: int, period: str):
    """The approved figures of an organisation and period (a check for tests and the API)."""
    return DataValue.objects.filter(organisation_id=organisation_id, period=period)
