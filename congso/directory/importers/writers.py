"""Every unit in memory, and the writers of units and successions in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..models import AdminUnit, UnitSuccession
from .limits import check_derived, check_values
from .reading import ImportReport, RecordAt

BATCH_SIZE = 500
TWO_LEVEL_START = date(2025, 7, 1)
THREE_LEVEL_END = date(2025, 6, 30)


def end_of(unit: AdminUnit) -> date:
    """30/06/2025, unless a reorganisation recorded earlier (say Cửa Lò into Vinh on
    01/03/2025) already ended the unit: an import never prolongs a unit's life."""
    if unit.valid_to is not None and unit.valid_to < THREE_LEVEL_END:
        return unit.valid_to
    return THREE_LEVEL_END


class Units:
    """Every unit, loaded once and indexed: the old map by (level, code), later ones by start.

    Loaded once for all the stages of a run, with what the stages share: the successions
    (loaded when first needed) and the files more than one stage reads (``read_once``).
    """

    def __init__(self) -> None:
        self.by_pk: dict[int, AdminUnit] = {}
        self.old: dict[tuple[int, str], AdminUnit] = {}
        self.dated: dict[tuple[int, str, date], AdminUnit] = {}
        self._successions: dict[tuple[int, int], UnitSuccession] | None = None
        self._read: dict[tuple[str, Path], Any] = {}
        for unit in AdminUnit.objects.all():
            self.add(unit)

    def successions(self) -> dict[tuple[int, int], UnitSuccession]:
        """Every succession by (predecessor, successor), kept in step by the writers."""
        if self._successions is None:
            self._successions = {
                (s.predecessor_id, s.successor_id): s for s in UnitSuccession.objects.all()
            }
        return self._successions

    def read_once(self, path: Path, read: Callable[[Path], Any]) -> Any:
        """``read(path)``, once a run: the 2025 map and the mapping both read merges.json."""
        key = (read.__qualname__, path)
        if key not in self._read:
            self._read[key] = read(path)
        return self._read[key]

    def add(self, unit: AdminUnit) -> None:
        if unit.pk is not None:
            self.by_pk[unit.pk] = unit
        if unit.valid_from is None:
            self.old[(unit.level, unit.code)] = unit
        else:
            self.dated[(unit.level, unit.code, unit.valid_from)] = unit

    def parent(self, unit: AdminUnit) -> AdminUnit | None:
        return self.by_pk.get(unit.parent_id) if unit.parent_id else None

    def old_of_level(self, level: int) -> list[AdminUnit]:
        return [u for (lv, _code), u in self.old.items() if lv == level]

    def new_of_level(self, level: int) -> list[AdminUnit]:
        return [
            u
            for (lv, _code, start), u in self.dated.items()
            if lv == level and start == TWO_LEVEL_START
        ]


_DERIVED = ("search_text", "sort_name", "province_id")
#: the fields that search_text and sort_name are derived from (province_id: from the parent)
_NAMING = frozenset({"code", "name", "type"})


class UnitWriter:
    """Creates and updates units in bulk, counting each unit once per import."""

    def __init__(self, units: Units) -> None:
        self.units = units
        self.to_create: list[AdminUnit] = []
        self.to_update: dict[int, AdminUnit] = {}
        self.fields: set[str] = set()
        self.state: dict[int, str] = {}  # id(unit) -> created | updated | unchanged

    def put(
        self,
        unit: AdminUnit | None,
        at: tuple[str, str | RecordAt] | None = None,
        **values: Any,
    ) -> AdminUnit:
        """Create ``unit`` (None) or bring it to ``values``; ``at`` (file, record) is where
        values read from a file come from, checked against the model's limits first."""
        if at is not None:
            check_values(AdminUnit, {k: v for k, v in values.items() if k != "parent"}, *at)
        if unit is None:
            unit = AdminUnit(**values)
            unit.fill_derived()
            if at is not None:
                check_derived(AdminUnit, unit, _DERIVED[:2], "name", *at)
            self.to_create.append(unit)
            self.units.add(unit)
            self.state[id(unit)] = "created"
            return unit
        changed = []
        for name, value in values.items():
            if name == "parent":
                if unit.parent_id != (value.pk if value else None):
                    changed.append(name)
                # Assigned even when unchanged: fill_derived reads the parent, which would
                # otherwise be fetched from the database one unit at a time.
                unit.parent = value
            elif getattr(unit, name) != value:
                setattr(unit, name, value)
                changed.append(name)
        if _NAMING.intersection(values) or "parent" in values:
            before = [getattr(unit, name) for name in _DERIVED]
            unit.fill_derived()
            if at is not None:
                check_derived(AdminUnit, unit, _DERIVED[:2], "name", *at)
            changed.extend(
                name
                for name, old in zip(_DERIVED, before, strict=True)
                if getattr(unit, name) != old
            )
        if changed and self.state.get(id(unit)) != "created":
            self.to_update[unit.pk] = unit
            self.fields.update(changed)
            self.state[id(unit)] = "updated"
        else:
            self.state.setdefault(id(unit), "unchanged")
        return unit

    def flush(self) -> None:
        if self.to_create:
            AdminUnit.objects.bulk_create(self.to_create, batch_size=BATCH_SIZE)
            for unit in self.to_create:
                self.units.add(unit)
            self.to_create = []
        if self.to_update:
            self._update(list(self.to_update.values()), sorted(self.fields))
            self.to_update = {}
            self.fields = set()

    @staticmethod
    def _update(units: list[AdminUnit], fields: list[str]) -> None:
        # bulk_update writes one CASE per field and row, slow to build for thousands of rows;
        # most updates share their values (every old unit ends on 30/06/2025), so rows with
        # the same values go in one UPDATE … WHERE id IN (…).
        columns = [f"{name}_id" if name == "parent" else name for name in fields]
        fields = [name.removesuffix("_id") for name in fields]
        groups: dict[tuple, list[AdminUnit]] = defaultdict(list)
        for unit in units:
            groups[tuple(getattr(unit, c) for c in columns)].append(unit)
        singles = []
        for values, members in groups.items():
            if len(members) == 1:
                singles.extend(members)
                continue
            pks = [unit.pk for unit in members]
            for start in range(0, len(pks), BATCH_SIZE):
                AdminUnit.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(
                    **dict(zip(columns, values, strict=True))
                )
        AdminUnit.objects.bulk_update(singles, fields, batch_size=BATCH_SIZE)

    def count_into(self, report: ImportReport) -> None:
        for state in self.state.values():
            setattr(report, state, getattr(report, state) + 1)


class SuccessionWriter:
    """Wanted successions, compared with the existing ones and written in bulk."""

    def __init__(self, units: Units) -> None:
        self.existing = units.successions()
        self.wanted: dict[tuple[int, int], tuple[AdminUnit, AdminUnit, str]] = {}

    def want(self, predecessor: AdminUnit, successor: AdminUnit, kind: str) -> None:
        self.wanted[(id(predecessor), id(successor))] = (predecessor, successor, kind)

    def flush(self, report: ImportReport) -> None:
        to_create, to_update = [], []
        for predecessor, successor, kind in self.wanted.values():
            current = self.existing.get((predecessor.pk, successor.pk))
            if current is None:
                to_create.append(
                    UnitSuccession(
                        predecessor=predecessor,
                        successor=successor,
                        kind=kind,
                        effective=TWO_LEVEL_START,
                    )
                )
            elif current.kind != kind or current.effective != TWO_LEVEL_START:
                current.kind, current.effective = kind, TWO_LEVEL_START
                to_update.append(current)
            else:
                report.successions_unchanged += 1
        UnitSuccession.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        for succession in to_create:
            self.existing[(succession.predecessor_id, succession.successor_id)] = succession
        UnitSuccession.objects.bulk_update(to_update, ["kind", "effective"], batch_size=BATCH_SIZE)
        report.successions += len(to_create)
        report.successions_updated += len(to_update)
        self.wanted = {}
