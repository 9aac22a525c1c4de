"""Importers of the administrative map and of the 2019 census population.

Three maps feed the directory: the three-level map of 2023 (in force, as far as the records go,
since before 2014), the two-level map in force since 1 July 2025, and the mapping between the two.
Every importer is all-or-nothing, has a dry run, can be run again without changing anything, and
fails on malformed input with one exception, :class:`ImportFailed`, naming the file, the record
and the problem; a value that the model cannot hold (too long, a control character, a number out
of range) is malformed input too, on every database. Differences between the sources (which are
real data, not malformed) are resolved explicitly and listed in the report.

The importers load every unit once and write with bulk operations: the whole country is a few
seconds of work, whatever the database.

One module a source: ``reading`` (the report, the error, the readers), ``limits`` (the model's
limits), ``writers`` (units and successions in bulk), ``map_2023``, ``merges`` (merges.json),
``map_2025``, ``mapping`` and ``population``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .map_2023 import (
    DIR_2023,
    FILE_COMMUNES_2023,
    FILE_DISTRICTS_2023,
    FILE_PROVINCES_2023,
    SOURCE_2023,
    run_2023,
)
from .map_2025 import DIR_2025, FILE_2025, SOURCE_2025, run_2025
from .mapping import run_mapping
from .merges import DIR_MAPPING, FILE_MERGES, SOURCE_MAPPING
from .population import (
    CENSUS_YEAR,
    DIR_POPULATION,
    FILE_POPULATION_DISTRICTS,
    FILE_POPULATION_PROVINCES,
    SOURCE_POPULATION,
    run_population,
)
from .reading import ImportFailed, ImportReport, Level, Progress, ResolvedCase, Type
from .writers import BATCH_SIZE, THREE_LEVEL_END, TWO_LEVEL_START, Units

__all__ = [
    "BATCH_SIZE",
    "CENSUS_YEAR",
    "DIR_2023",
    "DIR_2025",
    "DIR_MAPPING",
    "DIR_POPULATION",
    "FILE_2025",
    "FILE_COMMUNES_2023",
    "FILE_DISTRICTS_2023",
    "FILE_MERGES",
    "FILE_POPULATION_DISTRICTS",
    "FILE_POPULATION_PROVINCES",
    "FILE_PROVINCES_2023",
    "SOURCE_2023",
    "SOURCE_2025",
    "SOURCE_MAPPING",
    "SOURCE_POPULATION",
    "THREE_LEVEL_END",
    "TWO_LEVEL_START",
    "ImportFailed",
    "ImportReport",
    "Level",
    "Progress",
    "ResolvedCase",
    "Type",
    "import_population",
    "import_units_2023",
    "import_units_2025",
    "import_units_all",
    "import_units_mapping",
]

_STAGES: dict[str, Callable[[Path, ImportReport, Progress | None, Units], None]] = {
    "2023": run_2023,
    "2025": run_2025,
    "mapping": run_mapping,
}


def _run(
    stages: list[str], data_dir: Path | None, dry_run: bool, progress: Progress | None
) -> list[ImportReport]:
    data_dir = Path(data_dir or settings.CONGSO_DATA_DIR)
    reports = []
    with transaction.atomic():
        # One load for every stage: each keeps the index in step with what it writes.
        units = Units()
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


def import_population(
    data_dir: Path | None = None, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import the 2019 census population of provinces and districts (needs the 2023 map)."""
    data_dir = Path(data_dir or settings.CONGSO_DATA_DIR)
    report = ImportReport(stage="population", dry_run=dry_run)
    with transaction.atomic():
        run_population(data_dir, report, progress)
        if dry_run:
            transaction.set_rollback(True)
    return report
