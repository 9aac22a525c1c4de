"""merges.json: each new (2025) commune and the old units it was formed from, province by
province; read by the 2025 import (the provinces) and by the mapping (the communes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from ..models import UnitSuccession
from .reading import Level, RecordAt, failed, identify, list_field, read_json, shown, text
from .writers import Units

SOURCE_MAPPING = "dvhcvn/20250701 merges.json"
DIR_MAPPING = Path("admin-units/2025-mapping")
FILE_MERGES = "merges.json"

#: the level of an old unit, told by the length of its code
OLD_CODE_LEVEL = {2: Level.PROVINCE, 3: Level.DISTRICT, 5: Level.COMMUNE}


@dataclass
class Old:
    """An old unit as merges.json names it, and whether it went whole or in part."""

    code: str
    name: str
    kind: str


@dataclass
class NewCommune:
    code: str
    name: str
    olds: list[Old]
    where: RecordAt


@dataclass
class Merge:
    """A province of 2025, the old provinces it was formed from and its communes."""

    code: str
    name: str
    olds: list[Old]
    communes: list[NewCommune]
    where: RecordAt


def _read_olds(items: list, file: str, where: RecordAt) -> list[Old]:
    olds, seen = [], set()
    for item in items:
        code = text(item, "old_id", file, where)
        name = text(item, "name", file, where)
        kind = text(item, "type", file, where)
        if kind not in UnitSuccession.Kind.values:
            raise failed(
                file,
                where,
                _("old unit %(code)s has kind “%(kind)s”")
                % {"code": shown(code), "kind": shown(kind)},
            )
        if len(code) not in OLD_CODE_LEVEL or not code.isdigit():
            raise failed(
                file, where, _("old unit code %(code)s is malformed") % {"code": shown(code)}
            )
        if code in seen:
            raise failed(file, where, _("old unit %(code)s is listed twice") % {"code": code})
        seen.add(code)
        olds.append(Old(code, name, kind))
    return olds


def read_merges(data_dir: Path, units: Units) -> list[Merge]:
    """The entries of merges.json, read once a run (``units`` holds what a run read)."""
    return units.read_once(data_dir / DIR_MAPPING / FILE_MERGES, _read_merges)


def _read_merges(path: Path) -> list[Merge]:
    file = path.name
    data = read_json(path)
    entries = list_field(data, "data", file, _("top level"))
    merges, seen_provinces, seen_communes = [], set(), set()
    for entry in entries:
        code, name, where = identify(entry, file, 2, seen_provinces, "level1_id", "name")
        olds = _read_olds(list_field(entry, "merges", file, where), file, where)
        communes = []
        for item in list_field(entry, "level2s", file, where):
            commune_code, commune_name, item_where = identify(
                item, file, 5, seen_communes, "level2_id", "name"
            )
            commune_olds = _read_olds(
                list_field(item, "merges", file, item_where), file, item_where
            )
            communes.append(NewCommune(commune_code, commune_name, commune_olds, item_where))
        merges.append(Merge(code, name, olds, communes, where))
    return merges
