"""The two-level map in force since 1 July 2025, and the successions of its provinces."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from congso.core.text import fold

from ..models import AdminUnit, UnitSuccession
from .merges import FILE_MERGES, Merge, read_merges
from .reading import (
    ImportReport,
    Level,
    Progress,
    RecordAt,
    ResolvedCase,
    Type,
    failed,
    file_failed,
    identify,
    list_field,
    read_json,
    shown,
    text,
    tick,
)
from .writers import TWO_LEVEL_START, SuccessionWriter, Units, UnitWriter, end_of

SOURCE_2025 = "thanglequoc/vietnamese-provinces-database (07/2025)"
DIR_2025 = Path("admin-units/2025-2level")
FILE_2025 = "full_json_generated_data_vn_units.json"

# The two-level file says "ward" in `Type` for every commune; the short name is what tells.
_TYPES_2025 = {
    Level.PROVINCE: {"tinh": Type.PROVINCE, "thanh pho": Type.CENTRAL_CITY},
    Level.COMMUNE: {"xa": Type.COMMUNE, "phuong": Type.WARD, "dac khu": Type.SPECIAL_ZONE},
}


def _is_continued(merge: Merge, old: AdminUnit | None, new_name: str) -> bool:
    """A province that was not merged and kept its name is the same unit on both maps."""
    return (
        old is not None
        and len(merge.olds) == 1
        and merge.olds[0].code == merge.code
        and merge.olds[0].kind == UnitSuccession.Kind.FULL
        and fold(old.name) == fold(new_name)
    )


def province_2025(units: Units, code: str) -> AdminUnit | None:
    """The province of the two-level map with ``code``: new, or an old one that continues."""
    new = units.dated.get((Level.PROVINCE, code, TWO_LEVEL_START))
    if new is not None:
        return new
    old = units.old.get((Level.PROVINCE, code))
    return old if old is not None and old.valid_to is None else None


def sync_provinces(
    merges: list[Merge],
    units: Units,
    writer: UnitWriter,
    successions: SuccessionWriter,
    report: ImportReport,
) -> None:
    """Old provinces end on 30/06/2025 and are succeeded by the province they went into."""
    file = FILE_MERGES
    merged_into: dict[str, str] = {}
    for merge in merges:
        new = province_2025(units, merge.code)
        if new is None:
            raise failed(
                file,
                merge.where,
                _("province %(code)s of the 2025 map does not exist; import the 2025 map first")
                % {"code": merge.code},
            )
        for old_ref in merge.olds:
            old = units.old.get((Level.PROVINCE, old_ref.code))
            if old is None:
                raise failed(
                    file,
                    merge.where,
                    _("old province %(code)s does not exist; import the 2023 map first")
                    % {"code": old_ref.code},
                )
            merged_into[old.code] = merge.code
            if old is new:
                continue
            writer.put(old, valid_to=end_of(old))
            successions.want(old, new, old_ref.kind)
    for old in units.old_of_level(Level.PROVINCE):
        if old.code not in merged_into:
            report.warnings.append(
                _("Old province %(code)s %(name)s is in no entry of %(file)s; left unchanged.")
                % {"code": old.code, "name": old.full_name, "file": file}
            )


def _put_2025(
    writer: UnitWriter,
    units: Units,
    at: tuple[str, RecordAt],
    level: int,
    code: str,
    name: str,
    unit_type: str,
    parent: AdminUnit | None,
) -> AdminUnit:
    """A unit of the two-level map, created or brought up to date."""
    return writer.put(
        units.dated.get((level, code, TWO_LEVEL_START)),
        at,
        code=code,
        level=level,
        name=name,
        type=unit_type,
        parent=parent,
        valid_from=TWO_LEVEL_START,
        valid_to=None,
        source=SOURCE_2025,
    )


def _type_2025(raw: dict, level: int, file: str, where: RecordAt) -> str:
    short = text(raw, "AdministrativeUnitShortName", file, where)
    unit_type = _TYPES_2025[level].get(fold(short))
    if unit_type is None:
        raise failed(file, where, _("unknown type “%(type)s”") % {"type": shown(short)})
    return unit_type


def _put_provinces(
    data: list,
    file: str,
    merges: dict[str, Merge],
    units: Units,
    writer: UnitWriter,
    report: ImportReport,
) -> list[tuple[AdminUnit, list, str]]:
    """Each province of the file: the old one continued, or a new one; with its communes."""
    provinces: list[tuple[AdminUnit, list, str]] = []
    seen: set[str] = set()
    for raw in data:
        code, name, where = identify(raw, file, 2, seen)
        unit_type = _type_2025(raw, Level.PROVINCE, file, where)
        wards = list_field(raw, "Wards", file, where)
        merge = merges.get(code)
        if merge is None:
            raise failed(
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
            province = _put_2025(
                writer, units, (file, where), Level.PROVINCE, code, name, unit_type, None
            )
        provinces.append((province, wards, code))
    return provinces


def run_2025(data_dir: Path, report: ImportReport, progress: Progress | None, units: Units) -> None:
    path = data_dir / DIR_2025 / FILE_2025
    file = path.name
    data = read_json(path)
    if not isinstance(data, list):
        raise file_failed(file, _("expected a list of provinces"))
    merges = {merge.code: merge for merge in read_merges(data_dir, units)}
    total = sum(len(p.get("Wards") or []) if isinstance(p, dict) else 0 for p in data) + len(data)
    writer = UnitWriter(units)
    successions = SuccessionWriter(units)

    provinces = _put_provinces(data, file, merges, units, writer, report)
    writer.flush()
    sync_provinces(list(merges.values()), units, writer, successions, report)
    done = len(provinces)
    tick(progress, report.stage, done, total)

    seen: set[str] = set()
    for province, wards, province_code in provinces:
        for raw in wards:
            code, name, where = identify(raw, file, 5, seen)
            parent_code = text(raw, "ProvinceCode", file, where)
            if parent_code != province_code:
                raise failed(
                    file,
                    where,
                    _("listed under province %(listed)s but its province code is %(parent)s")
                    % {"listed": province_code, "parent": shown(parent_code)},
                )
            unit_type = _type_2025(raw, Level.COMMUNE, file, where)
            _put_2025(writer, units, (file, where), Level.COMMUNE, code, name, unit_type, province)
            done += 1
            if done % 1000 == 0:
                tick(progress, report.stage, done, total)
    writer.flush()
    successions.flush(report)
    writer.count_into(report)
    tick(progress, report.stage, total, total)
