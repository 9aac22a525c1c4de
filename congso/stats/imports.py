"""Imports and exports of data values: DHIS2 ``dataValueSets`` (JSON and CSV, both ways) and
the Excel template of a data set and period.

Every import reads its rows, checks every one of them against what the reporting organisation
reports (element, period, unit, option, value, duplicates, approved periods) and either saves
all of them or nothing: each bad cell or row is reported by its position, in Vietnamese. A dry
run checks and counts without saving.

On PostgreSQL an organisation's first import is stored by ``COPY`` while the file is read;
otherwise the checked rows go to a temporary table by ``COPY`` and into the values with one
``INSERT … ON CONFLICT DO UPDATE`` per key shape, which also writes the change log of every
value it changes; elsewhere the ORM does the same in batches. A value's creation is stored on the
value itself (stored at, stored by, source); every later change has its row with the old and the
new value.

One module for every format: they share one reader of rows, one checker and one writer,
which is what makes each import all-or-nothing the same way.
"""

import csv
import gc
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice
from operator import itemgetter
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.copy import QueuedLibpqWriter

from congso.core.actors import Actor
from congso.core.numbers import NumberError, parse_number
from congso.directory.models import Organisation
from congso.directory.selectors import user_scope
from congso.directory.services import import_run_record

from . import periods
from .models import (
    VALUE_DECIMALS,
    VALUE_DIGITS,
    DataElement,
    DataSetReporter,
    DataValue,
    DataValueChange,
    DataValueSource,
    DisaggregationOption,
    Submission,
    normalised,
)

#: at most this many problems are listed; the count says how many there were
MAX_PROBLEMS = 1000
BATCH = 5000
#: the exchange format's numbers: digits, an optional point and decimals (DHIS2's own)
_EXCHANGE_NUMBER = re.compile(
    rf"^-?\d{{1,{VALUE_DIGITS - VALUE_DECIMALS}}}(\.\d{{1,{VALUE_DECIMALS}}})?$"
)
DHIS2_COLUMNS = ("dataelement", "period", "orgunit", "categoryoptioncombo", "value", "comment")
#: the most digits a whole number may have
_DIGITS = VALUE_DIGITS - VALUE_DECIMALS
_new_tuple = tuple.__new__
#: DHIS2's name of "no disaggregation"
DEFAULT_OPTION = {"", "default", "HllvX50cXC0"}


class ImportError_(ValueError):
    """A file that cannot be read at all (not a CSV, JSON or workbook of the expected shape)."""


def position_label(position) -> str:
    """ "dòng 5", "bản ghi 3", "ô G7" from a reader's (kind, where); formatted only for the rows
    that have a problem, since a million translations cost seconds."""
    if isinstance(position, str):
        return position
    kind, where = position
    if kind == "row":
        return _("row %(number)s") % {"number": where}
    if kind == "record":
        return _("record %(number)s") % {"number": where}
    return _("cell %(cell)s") % {"cell": where}


class RawRow(NamedTuple):
    position: object  # ("row", 5), ("record", 3), ("cell", "G7")  # "dòng 5", "ô G7", "bản ghi 3"
    element: str
    period: str
    unit: str
    option: str
    value: object  # text, or a number from a spreadsheet cell
    comment: str = ""
    #: what is wrong with the row as read (too many columns), before any other check
    problem: str = ""


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    problem_count: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, position, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((position_label(position), message))


# ---- readers ---------------------------------------------------------------------------
def _text(value) -> str:
    return "" if value is None else str(value).strip()


def read_dhis2_csv(stream: io.TextIOBase) -> Iterator[RawRow]:
    """DHIS2's CSV: a header naming at least dataelement, period, orgunit and value (any
    case, any order); categoryoptioncombo and comment are optional."""
    reader = csv.reader(stream)
    try:
        header = [h.strip().lower().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise ImportError_(_("The file is empty.")) from None
    missing = [c for c in ("dataelement", "period", "orgunit", "value") if c not in header]
    if missing:
        raise ImportError_(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    at = {name: header.index(name) for name in DHIS2_COLUMNS if name in header}
    e, p, u, v = at["dataelement"], at["period"], at["orgunit"], at["value"]
    o, c = at.get("categoryoptioncombo"), at.get("comment")
    width = len(header)
    for number, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) > width:
            yield RawRow(
                ("row", number),
                "",
                "",
                "",
                "",
                None,
                problem=_(
                    "The row has more columns than the header: write decimals with a point "
                    "(971.8) and no thousands separator, or put the value in quotes."
                ),
            )
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        # tuple.__new__ rather than RawRow(): the same tuple without a Python call per row
        yield _new_tuple(
            RawRow,
            (
                ("row", number),
                row[e].strip(),
                row[p].strip(),
                row[u].strip(),
                row[o].strip() if o is not None else "",
                row[v].strip(),
                row[c].strip() if c is not None else "",
                None,
            ),
        )


def read_dhis2_json(data: bytes | str) -> Iterator[RawRow]:
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportError_(_("The file is not JSON: %(error)s") % {"error": exc}) from exc
    values = document.get("dataValues") if isinstance(document, dict) else None
    if not isinstance(values, list):
        raise ImportError_(_("A dataValueSets document has a list “dataValues”."))
    for number, item in enumerate(values, start=1):
        position = ("record", number)
        if not isinstance(item, dict):
            yield RawRow(position, "", "", "", "", None)
            continue
        yield RawRow(
            position,
            _text(item.get("dataElement")),
            _text(item.get("period")),
            _text(item.get("orgUnit")),
            _text(item.get("categoryOptionCombo")),
            _text(item.get("value")),
            _text(item.get("comment")),
        )


# ---- checking ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Target:
    element_id: int
    value_type: str
    disaggregation_id: int | None
    data_set_id: int
    period_type: str
    unit_id: int


class Resolver:
    """What ``organisation`` reports: its data sets' elements by code and period type, the
    units it reports for by code, the options by code, the periods it may no longer change."""

    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        self.targets: dict[tuple[str, str], dict[int, _Target]] = {}
        self.units: dict[str, list[int]] = {}
        codes: dict[str, DataElement] = {}
        #: (element, unit) -> every data set of the organisation holding that value: a value
        #: is locked when the figures of any of them are approved
        self.sets_of: dict[tuple[int, int], list[int]] = {}
        for reporter in DataSetReporter.objects.filter(organisation=organisation).select_related(
            "data_set", "unit"
        ):
            data_set = reporter.data_set
            self.units.setdefault(reporter.unit.code, []).append(reporter.unit_id)
            for element in data_set.elements.all():
                codes[element.code] = element
                self.sets_of.setdefault((element.pk, reporter.unit_id), []).append(data_set.pk)
                self.targets.setdefault((element.code, data_set.period_type), {}).setdefault(
                    reporter.unit_id,
                    _Target(
                        element.pk,
                        element.value_type,
                        element.disaggregation_id,
                        data_set.pk,
                        data_set.period_type,
                        reporter.unit_id,
                    ),
                )
        self.known_elements = set(DataElement.objects.values_list("code", flat=True))
        self.options = {
            (o.disaggregation_id, o.code): o.pk for o in DisaggregationOption.objects.all()
        }
        self.periods: dict[str, tuple | str] = {}
        self.locked = set(
            Submission.objects.filter(
                organisation=organisation, state__in=Submission.LOCKED
            ).values_list("data_set_id", "period")
        )

    def is_locked(self, element_id: int, unit_id: int, period_id: str, locked=None) -> bool:
        locked = self.locked if locked is None else locked
        return any((s, period_id) in locked for s in self.sets_of.get((element_id, unit_id), ()))

    def period(self, text: str) -> tuple | str:
        """(id, type, start, end, label) of a period id, computed once per distinct text; the
        message when it is no period."""
        found = self.periods.get(text)
        if found is None:
            try:
                period = periods.parse(text)
            except periods.PeriodError as exc:
                found = str(exc)
            else:
                found = (period.id, period.type.value, period.start, period.end, period.label)
            self.periods[text] = found
        return found


def _exchange_value(value) -> str | None:
    """The exchange format's value as canonical text, or None when it is not a number."""
    text = _text(value)
    return text if _EXCHANGE_NUMBER.match(text) else None


def _typed_value(value) -> tuple[str | None, str]:
    """A spreadsheet cell: a number as it is, text the Vietnamese way."""
    if isinstance(value, bool):
        return None, _("This is not a number.")
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None, _("This is not a number.")
        return format(number, "f"), ""
    try:
        number = parse_number(_text(value))
    except NumberError as exc:
        return None, str(exc)
    return (None, "") if number is None else (format(number, "f"), "")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a file's rows are read and checked. Each
    row leaves a few tuples alive (the row, its key, its position), and the collector walks
    every live one again and again as their number grows: on a million rows that was more
    than half of the time (bench/bench_stats_import.py: read 6,1 s and check 7,0 s with it,
    2,5 s and 3,6 s without). The rows make no reference cycles, so nothing waits for it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class CleanRow(NamedTuple):
    """A checked row, in the order of the staging table's columns."""

    element_id: int
    option_id: int | None
    period: str
    period_type: str
    period_start: object
    period_end: object
    unit_id: int
    value: str
    comment: str
    data_set_id: int
    position: object = None


def check_rows(
    rows: Iterable[RawRow],
    resolver: Resolver,
    result: ImportResult,
    *,
    vietnamese_numbers: bool = False,
    skip_empty: bool = False,
    sink: Callable[[list[CleanRow]], None] | None = None,
) -> list[CleanRow]:
    """Every row checked; the good ones returned, each problem added to ``result``. Once
    ``MAX_PROBLEMS`` are listed, further problems are only counted (a million bad rows must
    not cost a million messages). ``sink`` is handed the good rows a chunk at a time while the
    file is still being read, as long as no row was wrong, and the last chunk only if none
    was."""
    with _collector_paused():
        return _check_rows(rows, resolver, result, vietnamese_numbers, skip_empty, sink)


def _check_rows(rows, resolver, result, vietnamese_numbers, skip_empty, sink) -> list[CleanRow]:
    clean: list[CleanRow] = []
    sent = 0
    seen: dict[tuple, object] = {}
    resolved: dict[tuple[str, str, str], tuple] = {}
    targets, units, options = resolver.targets, resolver.units, resolver.options
    period_of, locked = resolver.period, resolver.locked
    problems = result.problems
    integer = DataElement.ValueType.INTEGER
    count = 0

    def bad(position, message: Callable[[], str]) -> None:
        if len(problems) < MAX_PROBLEMS:
            result.add(position, message())
        else:
            result.problem_count += 1

    for row in rows:
        count += 1
        if row.problem:
            bad(row.position, lambda row=row: row.problem)
            continue
        if vietnamese_numbers:
            value, problem = _typed_value(row.value)
            if value is None and not problem:
                if skip_empty:
                    count -= 1
                    continue
                problem = _("The value is empty.")
            if problem:
                bad(row.position, lambda problem=problem: problem)
                continue
        else:
            value = row.value
            # whole numbers, most of any file, without the regular expression (a third of
            # the check's time); \d would also take other scripts' digits, isascii() does not
            if not (value and value.isascii() and value.isdigit() and len(value) <= _DIGITS):
                value = value if _EXCHANGE_NUMBER.match(value or "") else None
            if value is None:
                bad(
                    row.position,
                    lambda row=row: (
                        _(
                            "“%(value)s” is not a number in the exchange format (as 971.8 or "
                            "40532154)."
                        )
                        % {"value": _text(row.value)[:40]}
                    ),
                )
                continue
        # a file repeats each (element, period, unit) once per option: resolved once
        where = (row.element, row.period, row.unit)
        hit = resolved.get(where)
        if hit is not None:
            period, target = hit
            period_id, period_type, start, end, label = period
        else:
            period = period_of(row.period)
            if isinstance(period, str):
                bad(row.position, lambda period=period: period)
                continue
            period_id, period_type, start, end, label = period
            candidates = targets.get((row.element, period_type))
            if not candidates:
                if row.element in resolver.known_elements:
                    bad(
                        row.position,
                        lambda row=row, label=label: (
                            _("%(organisation)s does not report %(element)s by %(period)s.")
                            % {
                                "organisation": resolver.organisation,
                                "element": row.element,
                                "period": label,
                            }
                        ),
                    )
                else:
                    bad(
                        row.position,
                        lambda row=row: (
                            _("There is no data element with the code “%(code)s”.")
                            % {"code": row.element[:50]}
                        ),
                    )
                continue
            target = None
            for unit_id in units.get(row.unit, ()):
                target = candidates.get(unit_id)
                if target is not None:
                    break
            if target is None:
                bad(
                    row.position,
                    lambda row=row: (
                        _("%(organisation)s does not report for the unit with the code “%(code)s”.")
                        % {"organisation": resolver.organisation, "code": row.unit[:20]}
                    ),
                )
                continue
            resolved[where] = (period, target)
        if target.disaggregation_id is None:
            if row.option not in DEFAULT_OPTION:
                bad(
                    row.position,
                    lambda row=row: (
                        _("%(element)s has no options; “%(option)s” is not one.")
                        % {"element": row.element, "option": row.option[:50]}
                    ),
                )
                continue
            option_id = None
        else:
            option_id = options.get((target.disaggregation_id, row.option))
            if option_id is None:
                bad(
                    row.position,
                    lambda row=row: (
                        _("“%(option)s” is not an option of %(element)s.")
                        % {"option": row.option[:50], "element": row.element}
                    ),
                )
                continue
        if (
            target.value_type == integer
            and "." in value
            and Decimal(value) != Decimal(value).to_integral_value()
        ):
            bad(
                row.position,
                lambda row=row: _("%(element)s is a whole number.") % {"element": row.element},
            )
            continue
        if locked and resolver.is_locked(target.element_id, target.unit_id, period_id):
            bad(
                row.position,
                lambda label=label: (
                    _(
                        "The figures of %(period)s are approved: they can be changed only after "
                        "unapproval."
                    )
                    % {"period": label}
                ),
            )
            continue
        key = (target.element_id, option_id, period_id, target.unit_id)
        earlier = seen.get(key)
        if earlier is not None:
            bad(
                row.position,
                lambda earlier=earlier: (
                    _("The same value as at %(position)s.") % {"position": position_label(earlier)}
                ),
            )
            continue
        position = row.position
        seen[key] = position
        clean.append(
            # tuple.__new__ rather than CleanRow(): the same tuple without a Python call
            _new_tuple(
                CleanRow,
                (
                    target.element_id,
                    option_id,
                    period_id,
                    period_type,
                    start,
                    end,
                    target.unit_id,
                    value,
                    row.comment[:1000],
                    target.data_set_id,
                    position,
                ),
            )
        )
        if sink is not None and len(clean) - sent >= _STREAM_CHUNK and not result.problem_count:
            sink(clean[sent:])
            sent = len(clean)
    result.rows += count
    if sink is not None and not result.problem_count and len(clean) > sent:
        sink(clean[sent:])
    return clean


# ---- writing -----------------------------------------------------------------------------
#: the order of the unique keys' columns after the organisation, which an import has one of
#: (no-option rows sort first and are alone in theirs): rows inserted in it land at the right
#: edge of the btree pages they need, instead of a random page each, which on a million rows
#: is the difference between seconds and minutes
_KEY_ORDER = "unit_id, element_id, period, option_id NULLS FIRST"
#: the same order over a CleanRow (unit, element, period, option): an element's rows all have
#: an option or all have none, so None is never compared with a number
_KEY = itemgetter(6, 0, 2, 1)

_INSERT_NEW = f"""
INSERT INTO stats_datavalue (element_id, option_id, period, period_type, period_start,
    period_end, unit_id, organisation_id, value, comment, source, created, created_by_id,
    updated, updated_by_id)
SELECT element_id, option_id, period, period_type, period_start, period_end, unit_id,
    %(organisation)s, value, comment, %(source)s, %(now)s, %(user)s, %(now)s, %(user)s
FROM stats_import ORDER BY {_KEY_ORDER}
"""

_UPSERT = (
    """
WITH old AS (
    SELECT v.id, v.value, v.comment
    FROM stats_datavalue v
    JOIN stats_import s
      ON v.element_id = s.element_id AND v.period = s.period AND v.unit_id = s.unit_id
     AND {old_option}
    WHERE v.organisation_id = %(organisation)s AND {staged}
), up AS (
    INSERT INTO stats_datavalue (element_id, option_id, period, period_type, period_start,
        period_end, unit_id, organisation_id, value, comment, source, created, created_by_id,
        updated, updated_by_id)
    SELECT element_id, option_id, period, period_type, period_start, period_end, unit_id,
        %(organisation)s, value, comment, %(source)s, %(now)s, %(user)s, %(now)s, %(user)s
    FROM stats_import s WHERE {staged}
    ORDER BY """
    + _KEY_ORDER
    + """
    ON CONFLICT ({conflict}) WHERE {partial}
    DO UPDATE SET value = EXCLUDED.value, comment = EXCLUDED.comment, source = EXCLUDED.source,
        updated = EXCLUDED.updated, updated_by_id = EXCLUDED.updated_by_id
    WHERE (stats_datavalue.value, stats_datavalue.comment)
        IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.comment)
    RETURNING id, element_id, option_id, period, unit_id, value, comment, (xmax = 0) AS inserted
), changes AS (
    INSERT INTO stats_datavaluechange (data_value_id, element_id, option_id, period, unit_id,
        organisation_id, action, old_value, new_value, old_comment, new_comment, source,
        changed, changed_by_id)
    SELECT up.id, up.element_id, up.option_id, up.period, up.unit_id, %(organisation)s,
        'update', old.value, up.value, old.comment, up.comment, %(source)s, %(now)s, %(user)s
    FROM up JOIN old ON old.id = up.id
    WHERE NOT up.inserted
)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
"""
)

_SHAPES = [
    # rows without an option, rows with one: each has its own partial unique index
    {
        "old_option": "v.option_id IS NULL",
        "staged": "s.option_id IS NULL",
        "conflict": "element_id, period, unit_id, organisation_id",
        "partial": "option_id IS NULL",
    },
    {
        "old_option": "v.option_id = s.option_id",
        "staged": "s.option_id IS NOT NULL",
        "conflict": "element_id, option_id, period, unit_id, organisation_id",
        "partial": "option_id IS NOT NULL",
    },
]

#: COPY's text format: the characters a comment must not carry raw
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_CHUNK = 20_000
#: rows checked before a streamed import sends them: large enough that a sorted chunk
#: fills index pages in order, small enough that the database starts early
_STREAM_CHUNK = 50_000


def _copy_lines(rows: list[CleanRow]) -> Iterator[str]:
    """The rows in COPY's text format, a chunk of lines at a time: formatting the lines here
    costs a fraction of psycopg's row-by-row adaptation."""
    lines = []
    for r in rows:
        comment = r.comment.translate(_COPY_ESCAPES) if r.comment else ""
        option = "\\N" if r.option_id is None else r.option_id
        lines.append(
            f"{r.element_id}\t{option}\t{r.period}\t{r.period_type}\t{r.period_start}\t"
            f"{r.period_end}\t{r.unit_id}\t{r.value}\t{comment}\t{r.data_set_id}\n"
        )
        if len(lines) == _COPY_CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def _has_existing(rows, organisation) -> bool:
    return DataValue.objects.filter(
        organisation=organisation,
        period__in={r.period for r in rows},
        element_id__in={r.element_id for r in rows},
    ).exists()


def _wanted_submissions(rows: Iterable[CleanRow]) -> dict[tuple[int, str], int]:
    """The unit of each (data set, period) among the rows."""
    return {(r.data_set_id, r.period): r.unit_id for r in rows}


_INSERT_SUBMISSIONS = """
INSERT INTO stats_submission (data_set_id, period, organisation_id, unit_id, state,
    explanation, updated)
SELECT data_set_id, period, %s, unit_id, %s, '', %s
FROM unnest(%s::bigint[], %s::varchar[], %s::bigint[]) AS w (data_set_id, period, unit_id)
ON CONFLICT (data_set_id, period, organisation_id) DO NOTHING
"""


def _ensure_submissions(wanted: dict[tuple[int, str], int], organisation, now) -> None:
    """A submission (a draft unless one exists) for each (data set, period) of ``wanted``."""
    if connection.vendor == "postgresql":
        # three arrays rather than ten thousand model instances and their parameters: a
        # second of a million-row import, after its rows are stored
        with connection.cursor() as cursor:
            cursor.execute(
                _INSERT_SUBMISSIONS,
                [
                    organisation.pk,
                    Submission.State.DRAFT,
                    now,
                    [data_set_id for data_set_id, _period in wanted],
                    [period for _data_set_id, period in wanted],
                    list(wanted.values()),
                ],
            )
        return
    Submission.objects.bulk_create(
        [
            Submission(
                data_set_id=data_set_id,
                period=period,
                organisation=organisation,
                unit_id=unit_id,
                updated=now,
            )
            for (data_set_id, period), unit_id in wanted.items()
        ],
        ignore_conflicts=True,
    )


def _copy_new_postgresql(rows, organisation, user_id, source, now, result) -> None:
    """None of the rows' keys is stored yet: COPY them, in key order, straight into the
    values."""
    rows.sort(key=_KEY)
    lines = _value_lines(rows, organisation.pk, user_id, source, now)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY stats_datavalue ({_VALUE_COLUMNS}) FROM STDIN") as copy,
    ):
        while chunk := "".join(islice(lines, _COPY_CHUNK)):
            copy.write(chunk)
    result.created = len(rows)


class _Refused(Exception):
    """Leaves a streamed import's savepoint: nothing it wrote is kept."""


def _stream_new_postgresql(
    rows: Iterable[RawRow],
    resolver: Resolver,
    result: ImportResult,
    *,
    user_id,
    source: str,
    now,
    vietnamese_numbers: bool,
    skip_empty: bool,
) -> tuple[list[CleanRow], dict[tuple[int, str], int]]:
    """Check the rows and COPY the good ones into the values while the file is still being
    read: the database stores one chunk while this process checks the next, so an import
    takes about the longer of the two instead of their sum. Only for an organisation that
    has no value stored yet (its first import, the big one: years of history), since every
    key is then new. A wrong row stops the stream and the caller rolls everything back.
    Returned: the rows and their submissions' keys (see ``_wanted_submissions``)."""
    wanted: dict[tuple[int, str], int] = {}
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY stats_datavalue ({_VALUE_COLUMNS}) FROM STDIN",
            # a thread sends while this one goes on checking: write() does not wait for the
            # database to take the chunk
            writer=QueuedLibpqWriter(cursor.cursor),
        ) as copy,
    ):

        def write(chunk: list[CleanRow]) -> None:
            # a chunk in key order lands on neighbouring index pages (see _KEY_ORDER)
            chunk.sort(key=_KEY)
            lines = _value_lines(chunk, resolver.organisation.pk, user_id, source, now)
            copy.write("".join(lines))
            # gathered while the database stores the chunk, not after the last one
            wanted.update(_wanted_submissions(chunk))

        clean = check_rows(
            rows,
            resolver,
            result,
            vietnamese_numbers=vietnamese_numbers,
            skip_empty=skip_empty,
            sink=write,
        )
        if not result.ok:
            raise _Refused  # psycopg ends the COPY with an error: nothing is stored
    result.created = len(clean)
    return clean, wanted


def _value_lines(rows: list[CleanRow], organisation_id: int, user_id, source, now) -> Iterator[str]:
    """The rows as lines of ``COPY stats_datavalue (_VALUE_COLUMNS)``. Neighbouring rows of
    one element, period and unit (the options of one figure, in key order) share the text of
    those columns, made once: formatting every row's dates took a third of this process's
    time in a streamed import."""
    tail = f"\t{organisation_id}\t"
    user = "\\N" if user_id is None else user_id
    stamp = f"\t{source}\t{now.isoformat()}\t{user}\t{now.isoformat()}\t{user}\n"
    last_element = last_period = last_unit = head = middle = None
    for (
        element_id,
        option_id,
        period,
        period_type,
        start,
        end,
        unit_id,
        value,
        comment,
        _data_set,
        _position,
    ) in rows:
        if period is not last_period or element_id != last_element or unit_id != last_unit:
            last_element, last_period, last_unit = element_id, period, unit_id
            head = f"{element_id}\t"
            middle = f"\t{period}\t{period_type}\t{start}\t{end}\t{unit_id}{tail}"
        if comment:
            comment = comment.translate(_COPY_ESCAPES)
        option = "\\N" if option_id is None else option_id
        yield f"{head}{option}{middle}{value}\t{comment}{stamp}"


_VALUE_COLUMNS = (
    "element_id, option_id, period, period_type, period_start, period_end, unit_id, "
    "organisation_id, value, comment, source, created, created_by_id, updated, updated_by_id"
)


def _approved_meanwhile(
    rows: list[CleanRow], wanted: dict, resolver: Resolver, result: ImportResult
) -> bool:
    """Whether figures were approved since the rows were checked; their rows are reported.
    The rows' submissions stay locked until the import commits, so that no approval (which
    locks its submission too) can slip between this check and the write: approved values are
    never changed by an import, as by the entry screen, and the analysis tables that copy them
    stay true. ``wanted``: the rows' (data set, period) pairs."""
    locked = {
        (data_set_id, period)
        for data_set_id, period, state in Submission.objects.select_for_update()
        .filter(organisation=resolver.organisation, period__in={p for _d, p in wanted})
        .values_list("data_set_id", "period", "state")
        if state in Submission.LOCKED
    }
    if not locked - resolver.locked:
        return False
    found = False
    for r in rows:
        if resolver.is_locked(r.element_id, r.unit_id, r.period, locked):
            found = True
            result.add(
                r.position,
                _(
                    "The figures of %(period)s are approved: they can be changed only after "
                    "unapproval."
                )
                % {"period": periods.parse(r.period).label},
            )
    return found


def _write_postgresql(rows, organisation, user_id, source, now, result) -> None:
    """COPY into a temporary table (no WAL, no index), then one INSERT … SELECT in key order:
    plain when none of the keys is stored yet, else ``ON CONFLICT DO UPDATE`` per key shape,
    which also writes the change log of every value it changes."""
    existing = _has_existing(rows, organisation)
    if not existing:
        _copy_new_postgresql(rows, organisation, user_id, source, now, result)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE stats_import (element_id integer, option_id integer, "
            "period varchar(8), period_type varchar(12), period_start date, period_end date, "
            "unit_id integer, value numeric(24, 6), comment varchar(1000), data_set_id integer"
            ") ON COMMIT DROP"
        )
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(
            "COPY stats_import (element_id, option_id, period, period_type, period_start, "
            "period_end, unit_id, value, comment, data_set_id) FROM STDIN"
        ) as copy:
            for chunk in _copy_lines(rows):
                copy.write(chunk)
        params = {"organisation": organisation.pk, "source": source, "now": now, "user": user_id}
        if not existing:
            cursor.execute(_INSERT_NEW, params)
            result.created = cursor.rowcount
        else:
            cursor.execute("ANALYZE stats_import")
            for shape in _SHAPES:
                cursor.execute(_UPSERT.format(**shape), params)
                created, updated = cursor.fetchone()
                result.created += created
                result.updated += updated
        cursor.execute("DROP TABLE stats_import")
    result.unchanged = len(rows) - result.created - result.updated


def _write_orm(rows: list[CleanRow], organisation, user_id, source, now, result) -> None:
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        existing = {}
        for value in DataValue.objects.filter(
            organisation=organisation,
            element_id__in={r.element_id for r in batch},
            period__in={r.period for r in batch},
            unit_id__in={r.unit_id for r in batch},
        ):
            existing[(value.element_id, value.option_id, value.period, value.unit_id)] = value
        new, changed, changes = [], [], []
        for row in batch:
            number = Decimal(row.value)
            current = existing.get((row.element_id, row.option_id, row.period, row.unit_id))
            if current is None:
                new.append(
                    DataValue(
                        element_id=row.element_id,
                        option_id=row.option_id,
                        period=row.period,
                        period_type=row.period_type,
                        period_start=row.period_start,
                        period_end=row.period_end,
                        unit_id=row.unit_id,
                        organisation=organisation,
                        value=number,
                        comment=row.comment,
                        source=source,
                        created=now,
                        created_by_id=user_id,
                        updated=now,
                        updated_by_id=user_id,
                    )
                )
            elif current.value != number or current.comment != row.comment:
                changes.append(
                    DataValueChange(
                        data_value=current,
                        element_id=row.element_id,
                        option_id=row.option_id,
                        period=row.period,
                        unit_id=row.unit_id,
                        organisation=organisation,
                        action=DataValueChange.Action.UPDATE,
                        old_value=current.value,
                        new_value=number,
                        old_comment=current.comment,
                        new_comment=row.comment,
                        source=source,
                        changed=now,
                        changed_by_id=user_id,
                    )
                )
                current.value, current.comment, current.source = number, row.comment, source
                current.updated, current.updated_by_id = now, user_id
                changed.append(current)
        DataValue.objects.bulk_create(new)
        DataValue.objects.bulk_update(
            changed, ["value", "comment", "source", "updated", "updated_by"]
        )
        DataValueChange.objects.bulk_create(changes)
        result.created += len(new)
        result.updated += len(changed)
    result.unchanged = len(rows) - result.created - result.updated


def import_rows(
    *,
    user: Actor,
    organisation: Organisation,
    rows: Iterable[RawRow],
    dry_run: bool = False,
    vietnamese_numbers: bool = False,
    skip_empty: bool = False,
    source: str = DataValueSource.IMPORT,
    kind: str = "stats",
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Check every row for ``organisation`` and, unless ``dry_run`` or a row is wrong, store
    them all (all or nothing). Values of approved periods are refused."""
    if not user.has_perm("stats.change_datavalue"):
        raise PermissionDenied(_("You do not have permission to do this."))
    scope = user_scope(user)
    if not scope.can_see_organisation(organisation):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": organisation})
    started = timezone.now()
    user_id = getattr(user, "pk", None)
    options = {"vietnamese_numbers": vietnamese_numbers, "skip_empty": skip_empty}
    if not dry_run and connection.vendor == "postgresql":
        streamed = _import_streaming(
            user=user,
            organisation=organisation,
            rows=rows,
            source=source,
            kind=kind,
            started=started,
            progress=progress,
            options=options,
        )
        if streamed is not None:
            return streamed
    result = ImportResult(dry_run=dry_run)
    resolver = Resolver(organisation)
    clean = check_rows(rows, resolver, result, **options)
    if progress:
        progress(_("%(rows)s rows read.") % {"rows": result.rows})
    if not result.ok or dry_run:
        if not result.ok:
            result.created = result.updated = 0
        return result
    with transaction.atomic():
        # one import or form of an organisation at a time: the check of stored keys holds
        Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
        wanted = _wanted_submissions(clean)
        _ensure_submissions(wanted, organisation, started)
        if _approved_meanwhile(clean, wanted, resolver, result):
            transaction.set_rollback(True)
            result.created = result.updated = 0
            return result
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # COPY goes through psycopg's own cursor: its errors are made Django's
                    with connection.wrap_database_errors:
                        _write_postgresql(clean, organisation, user_id, source, started, result)
                else:
                    _write_orm(clean, organisation, user_id, source, started, result)
        except IntegrityError:
            transaction.set_rollback(True)
            _stored_meanwhile(result)
            return result
        _record(user, kind, started, organisation, result)
    return result


def _import_streaming(
    *, user: Actor, organisation: Organisation, rows, source, kind, started, progress, options
) -> ImportResult | None:
    """The import of an organisation that has no value yet, checked and stored in one pass
    (see ``_stream_new_postgresql``); None, having read nothing, when it has values."""
    result = ImportResult()
    with transaction.atomic():
        # held from the first row read: no form or other import adds a key meanwhile
        Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
        if DataValue.objects.filter(organisation=organisation).exists():
            return None
        resolver = Resolver(organisation)
        try:
            with transaction.atomic(), connection.wrap_database_errors:
                try:
                    clean, wanted = _stream_new_postgresql(
                        rows,
                        resolver,
                        result,
                        user_id=getattr(user, "pk", None),
                        source=source,
                        now=started,
                        **options,
                    )
                finally:
                    if progress and result.rows:
                        progress(_("%(rows)s rows read.") % {"rows": result.rows})
                _ensure_submissions(wanted, organisation, started)
                if _approved_meanwhile(clean, wanted, resolver, result):
                    raise _Refused
        except _Refused:
            result.created = result.updated = 0
            return result
        except IntegrityError:
            # a writer that does not take the organisation's lock
            _stored_meanwhile(result)
            return result
        _record(user, kind, started, organisation, result)
    return result


def _stored_meanwhile(result: ImportResult) -> None:
    # A key stored meanwhile by a writer that does not take the organisation's lock: the
    # whole file is refused, as for any other problem, and can be sent again.
    result.add(
        _("file"),
        _(
            "Figures of this organisation were stored by someone else while the file "
            "was being saved; nothing was imported. Import the file again."
        ),
    )
    result.created = result.updated = result.unchanged = 0


def _record(user: Actor, kind: str, started, organisation: Organisation, result) -> None:
    import_run_record(
        user=user,
        kind=kind,
        started=started,
        report={
            "organisation": organisation.pk,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
        dry_run=False,
    )


# ---- exports --------------------------------------------------------------------------------
def export_rows(values) -> Iterator[dict]:
    """DHIS2 ``dataValues`` of a queryset of values."""
    for v in values.select_related("element", "option", "unit", "updated_by").iterator(
        chunk_size=2000
    ):
        yield {
            "dataElement": v.element.code,
            "period": v.period,
            "orgUnit": v.unit.code,
            "categoryOptionCombo": v.option.code if v.option else "",
            "value": format(normalised(v.value), "f"),
            "storedBy": v.updated_by.get_username() if v.updated_by else "",
            "lastUpdated": v.updated.isoformat(),
            "comment": v.comment,
        }


def export_json(values) -> str:
    return json.dumps({"dataValues": list(export_rows(values))}, ensure_ascii=False)


def export_csv(values) -> str:
    out = io.StringIO()
    columns = [
        "dataelement",
        "period",
        "orgunit",
        "categoryoptioncombo",
        "value",
        "storedby",
        "lastupdated",
        "comment",
    ]
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in export_rows(values):
        writer.writerow(
            [
                row["dataElement"],
                row["period"],
                row["orgUnit"],
                row["categoryOptionCombo"],
                row["value"],
                row["storedBy"],
                row["lastUpdated"],
                row["comment"],
            ]
        )
    return out.getvalue()


# ---- the Excel template ------------------------------------------------------------------
TEMPLATE_SHEET = "Số liệu"
#: the template's first value row and its columns (1-based)
FIRST_ROW = 6
COL_CODE, COL_OPTION, COL_VALUE, COL_COMMENT = 1, 3, 7, 8


def template_workbook(reporter: DataSetReporter, period: periods.Period) -> bytes:
    """A workbook to fill for ``reporter``'s data set and ``period``: one row per element and
    option, with last period's value and what is stored already."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, Protection
    from openpyxl.utils import get_column_letter

    from .selectors import entry_form

    form = entry_form(reporter, period)
    book = Workbook()
    sheet = book.active
    sheet.title = TEMPLATE_SHEET
    sheet["A1"] = form.data_set.name
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = _("Period")
    sheet["B2"] = period.id
    sheet["C2"] = period.label
    sheet["A3"] = _("Reporting organisation")
    sheet["B3"] = reporter.organisation_id
    sheet["C3"] = str(reporter.organisation)
    sheet["A4"] = _("Data set")
    sheet["B4"] = form.data_set.code
    sheet["C4"] = _(
        "Type the values in column G (numbers, or text the Vietnamese way: 40.532.154; 971,8)."
    )
    headings = [
        _("Code"),
        _("Data element"),
        _("Option code"),
        _("Option"),
        _("Unit of measure"),
        _("Last period"),
        _("Value"),
        _("Comment"),
    ]
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=FIRST_ROW - 1, column=column, value=heading)
        cell.font = Font(bold=True)
    options = dict(form.columns)
    codes = {
        o.pk: o.code for o in DisaggregationOption.objects.filter(pk__in=[k for k in options if k])
    }
    row_number = FIRST_ROW
    for row in form.rows:
        for cell in row.cells:
            if cell is None:
                continue
            values = [
                row.element.code,
                row.element.name,
                codes.get(cell.option_id, ""),
                options.get(cell.option_id, "") if cell.option_id else "",
                row.element.unit_of_measure,
                float(cell.previous) if cell.previous is not None else None,
                float(cell.value.value) if cell.value else None,
                cell.value.comment if cell.value else "",
            ]
            for column, value in enumerate(values, start=1):
                sheet.cell(row=row_number, column=column, value=value)
            sheet.cell(row=row_number, column=COL_VALUE).protection = Protection(locked=False)
            sheet.cell(row=row_number, column=COL_VALUE).number_format = "#,##0.######"
            sheet.cell(row=row_number, column=6).number_format = "#,##0.######"
            row_number += 1
    for column, width in enumerate([16, 48, 12, 14, 16, 16, 18, 30], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_template(data: bytes) -> tuple[str, str, int | None, list[RawRow]]:
    """(data set code, period id, organisation id, rows) of a filled template."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise ImportError_(_("The file is not an Excel workbook (.xlsx).")) from exc
    if TEMPLATE_SHEET not in book.sheetnames:
        raise ImportError_(
            _("The workbook has no sheet “%(sheet)s”: download the template first.")
            % {"sheet": TEMPLATE_SHEET}
        )
    sheet = book[TEMPLATE_SHEET]
    cells = list(sheet.iter_rows(min_row=1, max_col=COL_COMMENT, values_only=True))
    if len(cells) < FIRST_ROW - 1:
        raise ImportError_(_("The workbook is not a template of this platform."))
    period_id = _text(cells[1][1])
    organisation_id = cells[2][1]
    data_set_code = _text(cells[3][1])
    value_column = get_column_letter(COL_VALUE)
    rows = []
    for number, line in enumerate(cells[FIRST_ROW - 1 :], start=FIRST_ROW):
        line = list(line) + [None] * (COL_COMMENT - len(line))
        code = _text(line[COL_CODE - 1])
        if not code:
            continue
        rows.append(
            RawRow(
                ("cell", f"{value_column}{number}"),
                code,
                period_id,
                "",  # the template's unit is the reporter's
                _text(line[COL_OPTION - 1]),
                line[COL_VALUE - 1],
                _text(line[COL_COMMENT - 1]),
            )
        )
    try:
        organisation_id = int(organisation_id)
    except (TypeError, ValueError):
        organisation_id = None
    return data_set_code, period_id, organisation_id, rows


def import_template(
    *, user: Actor, reporter: DataSetReporter, data: bytes, dry_run: bool = False
) -> ImportResult:
    """A filled template back, for ``reporter`` (the one the template was made for)."""
    data_set_code, _period, organisation_id, rows = read_template(data)
    if data_set_code != reporter.data_set.code or organisation_id != reporter.organisation_id:
        raise ImportError_(
            _("This template is for another data set or organisation: download this one's.")
        )
    unit_code = reporter.unit.code
    rows = [
        RawRow(r.position, r.element, r.period, unit_code, r.option, r.value, r.comment)
        for r in rows
    ]
    return import_rows(
        user=user,
        organisation=reporter.organisation,
        rows=rows,
        dry_run=dry_run,
        vietnamese_numbers=True,
        skip_empty=True,
        kind="stats-excel",
    )
