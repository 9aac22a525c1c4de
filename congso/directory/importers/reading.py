"""Reading the sources and failing on them: the report, the error, the JSON and CSV readers and
one reader of a record's code and name for every source."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from congso.core.text import fold

from ..models import AdminUnit

#: progress(stage, done, total): called now and then while a stage runs
Progress = Callable[[str, int, int], None]

Level = AdminUnit.Level
Type = AdminUnit.Type

# Names in merges.json and in the census carry their type word ("Huyện Bạch Long Vĩ");
# longest prefixes first.
NAME_PREFIXES = {
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


# --- naming a record in a message ----------------------------------------------------------

#: characters that no name may hold; shown escaped in messages (a terminal would eat them)
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: a record named in a message keeps this many characters of its name
SHOWN = 60


def shown(value: Any) -> str:
    """A value as a message may quote it: control characters escaped, long text cut."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


class RecordAt:
    """Where a record is, put in words only when something fails (gettext is not free)."""

    __slots__ = ("code", "name")

    def __init__(self, code: Any, name: Any) -> None:
        self.code, self.name = code, name

    def __str__(self) -> str:
        return _("record %(code)s (%(name)s)") % {
            "code": shown(self.code) if self.code else "?",
            "name": shown(self.name) if self.name else "?",
        }


def record(code: Any, name: Any) -> RecordAt:
    return RecordAt(code, name)


def row(number: int) -> str:
    return _("row %(row)d") % {"row": number}


def failed(file: str, where: str | RecordAt, problem: str) -> ImportFailed:
    return ImportFailed(
        _("%(file)s, %(where)s: %(problem)s") % {"file": file, "where": where, "problem": problem}
    )


def file_failed(file: str, problem: str) -> ImportFailed:
    return ImportFailed(_("%(file)s: %(problem)s") % {"file": file, "problem": problem})


def tick(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


# --- JSON ----------------------------------------------------------------------------------


class JsonObject(dict):
    """A JSON object that remembers the keys it saw twice (json keeps only the last)."""

    duplicates: list[tuple[str, Any]]


def _json_object(pairs: list[tuple[str, Any]]) -> JsonObject:
    obj = JsonObject()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj:
            obj.duplicates.append((key, value))
        else:
            obj[key] = value
    return obj


def read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh, object_pairs_hook=_json_object)
    except FileNotFoundError:
        raise file_failed(
            path.name, _("file not found in %(dir)s") % {"dir": path.parent}
        ) from None
    except UnicodeDecodeError as exc:
        raise file_failed(path.name, _("not UTF-8 text (%(error)s)") % {"error": exc}) from None
    except json.JSONDecodeError as exc:
        raise file_failed(
            path.name,
            _("invalid JSON at line %(line)d, column %(column)d: %(error)s")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg},
        ) from None


def text(record: Any, key: str, file: str, where: str | RecordAt) -> str:
    value = record.get(key) if isinstance(record, dict) else None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise failed(file, where, _("field “%(field)s” is missing or empty") % {"field": key})
    return value.strip()


def list_field(record: Any, key: str, file: str, where: str | RecordAt) -> list:
    value = record.get(key) if isinstance(record, dict) else None
    if not isinstance(value, list):
        raise failed(file, where, _("field “%(field)s” is missing or not a list") % {"field": key})
    return value


def check_code(code: str, length: int, file: str, where: str | RecordAt) -> None:
    if not (code.isdigit() and len(code) == length):
        raise failed(
            file,
            where,
            _("code %(code)s is not %(length)d digits") % {"code": shown(code), "length": length},
        )


def duplicated(file: str, code: str, name: Any) -> ImportFailed:
    return failed(file, record(code, name), _("code %(code)s appears twice") % {"code": code})


def identify(
    raw: Any,
    file: str,
    length: int,
    seen: set[str],
    code_key: str = "Code",
    name_key: str = "Name",
) -> tuple[str, str, RecordAt]:
    """Code, name and how to name the record in a message; refuses a code seen before."""
    where = record(
        raw.get(code_key) if isinstance(raw, dict) else None,
        raw.get(name_key) if isinstance(raw, dict) else None,
    )
    code = text(raw, code_key, file, where)
    name = text(raw, name_key, file, where)
    where = record(code, name)
    check_code(code, length, file, where)
    if code in seen:
        raise duplicated(file, code, name)
    seen.add(code)
    return code, name, where


def split_type(full_name: str, level: int) -> tuple[str, str] | None:
    """("huyen", "Bạch Long Vĩ") from "Huyện Bạch Long Vĩ"; None without a known type word."""
    for prefix, unit_type in NAME_PREFIXES[level]:
        if fold(full_name).startswith(fold(prefix) + " "):
            return unit_type, full_name[len(prefix) :].strip()
    return None


# --- CSV -----------------------------------------------------------------------------------


def read_csv(path: Path, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    file = path.name
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise file_failed(
                    file, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)}
                )
            rows = list(reader)
    except FileNotFoundError:
        raise file_failed(file, _("file not found in %(dir)s") % {"dir": path.parent}) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise file_failed(file, _("unreadable CSV: %(error)s") % {"error": exc}) from None
    # Row numbers are line numbers as a spreadsheet shows them: the header is row 1.
    for number, values in enumerate(rows, start=2):
        if None in values or any(values.get(c) is None for c in columns):
            raise failed(file, row(number), _("wrong number of columns"))
        yield number, {k: (v or "").strip() for k, v in values.items()}
