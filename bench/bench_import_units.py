"""Time the import of the whole country's map: 2023, 2025 and the mapping, in one transaction.

    DEBUG=1 .venv/bin/python bench/bench_import_units.py [--runs 3]

Against a fresh SQLite file in a temporary folder, or against DATABASE_URL when it is set (a
fresh, migrated or empty database: the benchmark empties the unit tables between runs, so it
refuses a database that already holds units). Prints the median of a first import into empty
tables and of a repeated import, which must change nothing.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="congso-bench-")
    own_database = "DATABASE_URL" not in os.environ
    if own_database:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    os.environ.setdefault("DEBUG", "1")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from congso.directory.importers import import_units_all
    from congso.directory.models import AdminUnit, Population, UnitSuccession

    call_command("migrate", verbosity=0)
    if not own_database and AdminUnit.objects.exists():
        sys.exit("DATABASE_URL holds units already; give the benchmark a fresh database.")

    def empty() -> None:
        # Raw deletes: the collector would walk 15,000 self-referencing rows for nothing.
        with connection.cursor() as cursor:
            for model in (Population, UnitSuccession, AdminUnit):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")

    def timed() -> tuple[float, list]:
        started = time.perf_counter()
        reports = import_units_all(settings.CONGSO_DATA_DIR)
        return time.perf_counter() - started, reports

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    first, repeated = [], []
    for run in range(1, args.runs + 1):
        empty()
        seconds, reports = timed()
        first.append(seconds)
        created = sum(r.created for r in reports)
        successions = sum(r.successions for r in reports)
        seconds_again, reports_again = timed()
        repeated.append(seconds_again)
        changed = any(r.changed for r in reports_again)
        print(
            f"run {run}: import {seconds:.2f} s ({created} units, {successions} successions); "
            f"repeated {seconds_again:.2f} s ({'CHANGED' if changed else 'no change'})"
        )
    empty()
    print(
        f"median of {args.runs}: import {statistics.median(first):.2f} s, "
        f"repeated import {statistics.median(repeated):.2f} s"
    )
    tmp.cleanup()


if __name__ == "__main__":
    main()
