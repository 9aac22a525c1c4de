"""The population of provinces and districts at the census of 1 April 2019."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from congso.core.text import fold

from ..models import AdminUnit, Population
from .limits import check_values
from .reading import (
    ImportReport,
    Level,
    Progress,
    ResolvedCase,
    failed,
    read_csv,
    row,
    shown,
    split_type,
    tick,
)
from .writers import BATCH_SIZE, Units

CENSUS_YEAR = 2019
SOURCE_POPULATION = "Tổng điều tra dân số 01/04/2019"
DIR_POPULATION = Path("population")
FILE_POPULATION_PROVINCES = "census2019_province_population.csv"
FILE_POPULATION_DISTRICTS = "census2019_district_population.csv"

_COLUMNS = ("total", "urban", "rural")
#: a whole number of people: digits, or digits grouped by three with one separator
#: ("3327791", "3.327.791", "3,327,791", "3 327 791"); "286102.0" or "1,5" is not one
_WHOLE = re.compile(r"\d+|\d{1,3}(?:(?P<sep>[., \u00a0])\d{3})(?:(?P=sep)\d{3})*")


@dataclass
class _Figure:
    unit: AdminUnit
    total: int
    urban: int | None
    rural: int | None
    number: int


def _whole(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _number(value: str, column: str, file: str, number: int) -> int | None:
    if not value:
        return None
    if not _WHOLE.fullmatch(value):
        raise failed(
            file,
            row(number),
            _("%(column)s is not a whole number: “%(value)s”")
            % {"column": column, "value": shown(value)},
        )
    return int(re.sub(r"\D", "", value))


def _figures_of(
    values: dict[str, str], file: str, number: int
) -> tuple[int, int | None, int | None]:
    """Total, urban and rural of a row: whole numbers within what the database holds, the
    total given, and urban plus rural equal to the total where both are given."""
    total, urban, rural = (_number(values[c], c, file, number) for c in _COLUMNS)
    where = row(number)
    if total is None:
        raise failed(file, where, _("total is missing"))
    check_values(Population, {"total": total, "urban": urban, "rural": rural}, file, where)
    if urban is not None and rural is not None and urban + rural != total:
        raise failed(
            file,
            where,
            _("urban %(urban)s plus rural %(rural)s is %(sum)s, not the total %(total)s")
            % {
                "urban": _whole(urban),
                "rural": _whole(rural),
                "sum": _whole(urban + rural),
                "total": _whole(total),
            },
        )
    for column, part in (("urban", urban), ("rural", rural)):
        if part is not None and part > total:
            raise failed(
                file,
                where,
                _("%(column)s %(part)s is more than the total %(total)s")
                % {"column": column, "part": _whole(part), "total": _whole(total)},
            )
    return total, urban, rural


def _match_uncoded(
    values: dict[str, str], level: int, units: Units, taken: set[int]
) -> AdminUnit | None:
    """A row without a code: the one unit of its province with that name, not yet taken."""
    province = units.old.get((Level.PROVINCE, values["province_code"]))
    if province is None or level != Level.DISTRICT:
        return None
    full = values["district"]
    split = split_type(full, Level.DISTRICT)
    bare = fold(split[1] if split else full)
    candidates = [
        u
        for u in units.old_of_level(Level.DISTRICT)
        if u.parent_id == province.pk and fold(u.name) == bare and u.pk not in taken
    ]
    exact = [u for u in candidates if fold(u.full_name) == fold(full)]
    chosen = exact or candidates
    return chosen[0] if len(chosen) == 1 else None


def _read_figures(
    file: str,
    level: int,
    code_col: str,
    name_col: str,
    rows: list[tuple[int, dict[str, str]]],
    units: Units,
    report: ImportReport,
) -> dict[int, _Figure]:
    """The figures of one file by unit: rows with a code first, then rows without one
    matched by province and name; rows of units not on the 2023 map are reported."""
    figures: dict[int, _Figure] = {}
    seen: dict[str, int] = {}
    uncoded: list[tuple[int, dict[str, str], tuple[int, int | None, int | None]]] = []
    for number, values in rows:
        numbers = _figures_of(values, file, number)
        code = values[code_col]
        if not code:
            uncoded.append((number, values, numbers))
            continue
        if code in seen:
            raise failed(
                file,
                row(number),
                _("code %(code)s appears twice (rows %(first)d and %(second)d)")
                % {"code": shown(code), "first": seen[code], "second": number},
            )
        seen[code] = number
        unit = units.old.get((level, code))
        if unit is None:
            report.warnings.append(
                _(
                    "%(file)s, row %(row)d: no unit %(code)s (%(name)s) on the 2023 map; "
                    "not imported."
                )
                % {
                    "file": file,
                    "row": number,
                    "code": shown(code),
                    "name": shown(values[name_col]),
                }
            )
            continue
        figures[unit.pk] = _Figure(unit, *numbers, number)
    for number, values, numbers in uncoded:
        match = _match_uncoded(values, level, units, set(figures))
        if match is None:
            report.warnings.append(
                _(
                    "%(file)s, row %(row)d: %(name)s (province %(province)s) has no code and "
                    "matches no unit of the 2023 map by name; not imported."
                )
                % {
                    "file": file,
                    "row": number,
                    "name": shown(values[name_col]),
                    "province": shown(values["province_code"]),
                }
            )
            continue
        figures[match.pk] = _Figure(match, *numbers, number)
        report.resolved.append(
            ResolvedCase(
                match.code,
                match.full_name,
                _("%(file)s, row %(row)d (%(name)s, no code): matched by province and name")
                % {"file": file, "row": number, "name": values[name_col]},
            )
        )
    return figures


def _write_figures(figures: dict[int, _Figure], report: ImportReport) -> None:
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


def run_population(data_dir: Path, report: ImportReport, progress: Progress | None) -> None:
    base = data_dir / DIR_POPULATION
    units = Units()
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
            list(read_csv(base / file, [code_col, name_col, *_COLUMNS])),
        )
        for file, level, code_col, name_col in plan
    ]
    total_rows = sum(len(rows) for *_x, rows in read)
    figures: dict[int, _Figure] = {}
    done = 0
    for file, level, code_col, name_col, rows in read:
        figures.update(_read_figures(file, level, code_col, name_col, rows, units, report))
        done += len(rows)
        tick(progress, report.stage, done, total_rows)
    _write_figures(figures, report)
