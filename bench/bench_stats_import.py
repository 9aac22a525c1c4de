"""Time the import of a million data values through the product's import path (a DHIS2
``dataValueSets`` CSV read, checked whole and stored all or nothing) beside PostgreSQL's own
``COPY`` of the same rows.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/congso_stats \\
        DEBUG=1 .venv/bin/python bench/bench_stats_import.py [--rows 1000000] [--runs 1]

Needs PostgreSQL and a database without data values (it makes its own units, elements and
data sets, and empties the value tables between runs). Each figure includes its commit. The
rows: one reporting organisation, 100 communes (one data set each), 20 elements of 5 options
each, 100 months. Prints, for each run, the import of the file into empty tables, and COPY of
the same rows as they are stored (the value table's columns) into a table with only a primary
key (the reference of ../shared/TARGETS.md) and into the value table itself, with its indexes;
with the CPU time each took in this process and in the database's backend (read from /proc
when the database runs on this machine).
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

UNITS, ELEMENTS, OPTIONS = 100, 20, 5


def dots(number: float) -> str:
    return f"{number:,.0f}".replace(",", ".")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    os.environ.setdefault("DEBUG", "1")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from congso.core.actors import SYSTEM
    from congso.directory.models import AdminUnit, Organisation
    from congso.stats import imports, periods
    from congso.stats.models import (
        DataElement,
        DataSet,
        DataSetReporter,
        DataValue,
        Disaggregation,
        DisaggregationOption,
    )

    call_command("migrate", verbosity=0)
    if DataValue.objects.exists():
        sys.exit("The database holds data values already; give the benchmark a fresh one.")

    months = args.rows // (UNITS * ELEMENTS * OPTIONS)
    period_list = periods.periods_between(
        periods.parse("200001"), periods.parse("200001").shift(months - 1)
    )

    def cleanup() -> None:
        """Remove what an earlier run of the benchmark made."""
        from congso.directory.models import ImportRun

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_copy")
            cursor.execute(
                "TRUNCATE stats_datavaluechange, stats_datavalue, stats_submissionevent, "
                "stats_submission"
            )
            DataSetReporter.objects.filter(data_set__code__startswith="BENCH_DS_").delete()
            DataSet.objects.filter(code__startswith="BENCH_DS_").delete()
            DataElement.objects.filter(code__startswith="BENCH_").delete()
            Disaggregation.objects.filter(code="BENCH_OPT").delete()
            ImportRun.objects.filter(kind="stats", report__organisation__isnull=False).delete()
            Organisation.objects.filter(name="Doanh nghiệp thử").delete()
            AdminUnit.objects.filter(code__startswith="B", level=3, parent__code="B0").delete()
            AdminUnit.objects.filter(code="B0", level=1).delete()

    cleanup()

    # ---- the metadata (not timed) ---------------------------------------------------
    with transaction.atomic():
        province = AdminUnit(code="B0", name="Tỉnh thử", type="tinh", level=1)
        province.fill_derived()
        province.save()
        communes = []
        for i in range(UNITS):
            unit = AdminUnit(
                code=f"B{i:04d}", name=f"Xã thử {i}", type="xa", level=3, parent=province
            )
            unit.fill_derived()
            communes.append(unit)
        AdminUnit.objects.bulk_create(communes)
        organisation = Organisation(name="Doanh nghiệp thử", kind="enterprise", admin_unit=province)
        organisation.fill_derived()
        organisation.save()
        combo = Disaggregation.objects.create(code="BENCH_OPT", name="Phân tổ thử")
        options = DisaggregationOption.objects.bulk_create(
            DisaggregationOption(disaggregation=combo, code=f"O{j}", name=f"Mục {j}", order=j)
            for j in range(OPTIONS)
        )
        elements = DataElement.objects.bulk_create(
            DataElement(
                code=f"BENCH_{k:02d}",
                name=f"Chỉ tiêu thử {k}",
                unit_of_measure="thuê bao",
                value_type="integer",
                time_aggregation="last",
                disaggregation=combo,
            )
            for k in range(ELEMENTS)
        )
        for i, unit in enumerate(communes):
            data_set = DataSet.objects.create(
                code=f"BENCH_DS_{i:03d}",
                name=f"Biểu thử {i}",
                period_type="monthly",
                approver=organisation,
            )
            data_set.elements.set(elements)
            DataSetReporter.objects.create(data_set=data_set, organisation=organisation, unit=unit)

    # ---- the file and the same rows as stored -----------------------------------------
    tmp = tempfile.TemporaryDirectory(prefix="congso-bench-")
    path = Path(tmp.name) / "dataValueSets.csv"
    stored = io.StringIO()
    now = timezone.now().isoformat()
    n = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("dataelement,period,orgunit,categoryoptioncombo,value,comment\n")
        for unit in communes:
            for element in elements:
                for period in period_list:
                    for option in options:
                        n += 1
                        value = 1000 + n % 977
                        out.write(
                            f"{element.code},{period.id},{unit.code},{option.code},{value},\n"
                        )
                        stored.write(
                            f"{n}\t{element.pk}\t{option.pk}\t{period.id}\tmonthly\t{period.start}\t"
                            f"{period.end}\t{unit.pk}\t{organisation.pk}\t{value}\t\timport\t{now}\t"
                            f"\\N\t{now}\t\\N\n"
                        )
    stored_rows = stored.getvalue()
    columns = (
        "id, element_id, option_id, period, period_type, period_start, period_end, unit_id, "
        "organisation_id, value, comment, source, created, created_by_id, updated, updated_by_id"
    )
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    shape = f"{UNITS} communes × {ELEMENTS} elements × {len(period_list)} months × {OPTIONS}"
    print(f"rows: {dots(n)} ({shape} options)")

    def empty() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE stats_datavaluechange, stats_datavalue, stats_submissionevent, "
                "stats_submission"
            )

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> tuple[float, float]:
        """CPU seconds used so far by this process and by its database backend (0 when the
        database is not on this machine): on a shared machine, the wall time of an import
        depends on what else runs, its CPU far less."""
        own = time.process_time()
        try:
            fields = backend.read_text().rsplit(")", 1)[1].split()
            return own, (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            return own, 0.0

    def copy_into(table: str) -> float:
        """COPY the stored rows into ``table`` and commit, as an import does; then empty it."""
        before = cpu()
        started = time.perf_counter()
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            copy.write(stored_rows)
        elapsed = time.perf_counter() - started
        spent = cpu()
        cpu_used[table].append(spent[1] - before[1])
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {table}" if table == "bench_copy" else "SELECT 1")
        empty()
        return elapsed

    imported, checked, copied_pk, copied_table = [], [], [], []
    cpu_used: dict[str, list] = {"import": [], "bench_copy": [], "stats_datavalue": []}
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute("CREATE UNLOGGED TABLE bench_copy (LIKE stats_datavalue INCLUDING DEFAULTS)")
        cursor.execute("ALTER TABLE bench_copy SET LOGGED")
        cursor.execute("ALTER TABLE bench_copy ADD PRIMARY KEY (id)")
    try:
        for run in range(args.runs):
            empty()
            before = cpu()
            started = time.perf_counter()
            checked_at = []
            with path.open(encoding="utf-8", newline="") as stream:
                result = imports.import_rows(
                    user=SYSTEM,
                    organisation=organisation,
                    rows=imports.read_dhis2_csv(stream),
                    progress=lambda _message, at=checked_at: at.append(time.perf_counter()),
                )
            imported.append(time.perf_counter() - started)
            spent = cpu()
            cpu_used["import"].append((spent[0] - before[0], spent[1] - before[1]))
            checked.append(checked_at[0] - started)
            assert result.ok and result.created == n, (result.problem_count, result.problems[:3])
            empty()
            copied_pk.append(copy_into("bench_copy"))
            copied_table.append(copy_into("stats_datavalue"))
            print(
                f"run {run + 1}: import {imported[-1]:.2f} s (read and check {checked[-1]:.2f} s, "
                f"store {imported[-1] - checked[-1]:.2f} s); COPY (primary key only) "
                f"{copied_pk[-1]:.2f} s; COPY into the value table {copied_table[-1]:.2f} s"
            )
            own, database = cpu_used["import"][-1]
            print(
                f"       CPU: import {own:.2f} s here and {database:.2f} s in the database; "
                f"COPY (primary key only) {cpu_used['bench_copy'][-1]:.2f} s and into the "
                f"value table {cpu_used['stats_datavalue'][-1]:.2f} s in the database"
            )
    finally:
        cleanup()

    def vn(seconds: float) -> str:
        return f"{seconds:.2f}".replace(".", ",")

    i, k, c, t = (statistics.median(x) for x in (imported, checked, copied_pk, copied_table))
    print()
    print(f"import through the product (read, check, store): {vn(i)} s  ({dots(n / i)} rows/s)")
    print(f"  of which read and check {vn(k)} s, store {vn(i - k)} s")
    print(f"COPY of the same rows, primary key only:          {vn(c)} s  (reference 2,0–2,2 s)")
    print(f"COPY of the same rows into the value table:       {vn(t)} s")
    print(f"ratio import / COPY (primary key only): {vn(i / c)} × (target ≤ 3 ×)")
    print(f"ratio import / COPY into the value table: {vn(i / t)} ×")
    own = statistics.median(x[0] for x in cpu_used["import"])
    database = statistics.median(x[1] for x in cpu_used["import"])
    reference = statistics.median(cpu_used["bench_copy"])
    if reference:
        # the import's two processes run side by side: on an idle machine with two cores or
        # more its time is about the larger of their CPU times
        print(
            f"CPU: import {vn(own)} s here, {vn(database)} s in the database; COPY (primary key "
            f"only) {vn(reference)} s in the database; ratio of the larger: "
            f"{vn(max(own, database) / reference)} ×"
        )


if __name__ == "__main__":
    main()
