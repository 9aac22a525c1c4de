"""Fresh analytics on PostgreSQL: a pivot over 12,75 million approved values (40 elements ×
96 months × the 3.321 communes of the 2025 map) from the rollups, beside the raw aggregate of
the same rows, and the delay from an approval to the value in the pivot.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/congso_statsanalysis \\
        DEBUG=1 .venv/bin/python bench/bench_analytics.py [--keep]

Imports the 2025 map with the directory's command when the database has none, generates the
values with ``INSERT … SELECT generate_series`` (no Python loop), times, and drops the
generated rows at the end (``--keep`` keeps them). References: ../shared/TARGETS.md.

``--one-commune-per-province`` generates the values of one commune of each province only
(130.560 values, a minute instead of half an hour): the rollups the pivot reads then have
exactly the rows they have with every commune, so the pivot's figure is the same; the raw
aggregate is not comparable and is left out.
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ELEMENTS, MONTHS = 40, 96


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--one-commune-per-province", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from congso.core.actors import SYSTEM
    from congso.directory.models import AdminUnit, Organisation
    from congso.stats import analytics, periods, services
    from congso.stats.models import DataElement, DataSet, DataValue, Submission
    from congso.stats.pivot import parse_items, pivot_data, pivot_table

    assert connection.vendor == "postgresql", "run on PostgreSQL (DATABASE_URL)"
    call_command("migrate", verbosity=0)
    if not AdminUnit.objects.filter(valid_from__isnull=False, level=3).exists():
        t = time.perf_counter()
        call_command("import_units", "all", "--no-progress", verbosity=0)
        print(f"2023 and 2025 maps and their mapping imported in {time.perf_counter() - t:.1f} s")
    communes = AdminUnit.objects.valid_on(timezone.localdate()).filter(level=3).count()
    provinces = AdminUnit.objects.valid_on(timezone.localdate()).filter(level=1).count()
    print(f"map of today: {provinces} provinces, {communes} communes")

    # metadata: 40 elements, one enterprise reporting everything
    org, _ = Organisation.objects.get_or_create(
        name="Bench enterprise",
        defaults={
            "kind": Organisation.Kind.ENTERPRISE,
            "admin_unit": AdminUnit.objects.filter(level=1).first(),
        },
    )
    elements = []
    for i in range(ELEMENTS):
        element, _ = DataElement.objects.get_or_create(
            code=f"BENCH{i:02d}",
            defaults={
                "name": f"Bench {i}",
                "unit_of_measure": "thuê bao",
                "time_aggregation": ("sum", "last", "average")[i % 3],
            },
        )
        elements.append(element)
    ids = [e.pk for e in elements]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM stats_approvedvalue WHERE element_id = ANY(%s)", [ids])
        have = cursor.fetchone()[0]
    sample = (
        " AND u.id IN (SELECT min(id) FROM directory_adminunit WHERE level = 3"
        " AND valid_to IS NULL AND valid_from IS NOT NULL GROUP BY province_id)"
        if args.one_commune_per_province
        else ""
    )
    if have == 0:
        t = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            # Generated rows reference existing keys by construction: skip the 4 × 12,75 M
            # deferred foreign-key checks Django's constraints would run at COMMIT.
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                """
                INSERT INTO stats_approvedvalue
                    (element_id, option_id, period_type, period_start, unit_id,
                     organisation_id, value)
                SELECT e, NULL, 'monthly', (date '2017-01-01' + make_interval(months => m))::date,
                       u.id, %s, ((u.id * 7 + m * 13 + e) %% 1000)::numeric
                FROM unnest(%s::bigint[]) AS e, generate_series(0, %s - 1) AS m,
                     directory_adminunit u
                WHERE u.level = 3 AND u.valid_to IS NULL AND u.valid_from IS NOT NULL
                """
                + sample,
                [org.pk, ids, MONTHS],
            )
        print(f"generated values in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        with transaction.atomic():
            from congso.stats.models_analytics import MapState, PeriodRollup, Rollup, UnitArea

            PeriodRollup.objects.all().delete()
            Rollup.objects.all().delete()
            UnitArea.objects.all().delete()
            MapState.objects.all().delete()
            index = analytics.MapIndex(timezone.localdate())
            UnitArea.objects.bulk_create(analytics._unit_areas(index.units, index), batch_size=5000)
            MapState.objects.create(day=timezone.localdate(), rebuilt=timezone.now())
            with connection.cursor() as cursor:
                analytics.build_rollups(cursor)
            analytics.build_period_rollups()
        print(f"rollups built in {time.perf_counter() - t:.1f} s (one-off, after a reorganisation)")
    with connection.cursor() as cursor:
        for table in ("stats_approvedvalue", "stats_rollup", "stats_periodrollup"):
            cursor.execute(f"ANALYZE {table}")
        cursor.execute("SELECT count(*) FROM stats_approvedvalue")
        total = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM stats_rollup WHERE level = 1")
        rollup_rows = cursor.fetchone()[0]
    print(f"values: {total:,} approved; rollup rows at the province level: {rollup_rows:,}")

    raw_sql = """
        SELECT u.province_id, date_trunc('quarter', av.period_start), av.element_id, SUM(av.value)
        FROM stats_approvedvalue av JOIN directory_adminunit u ON u.id = av.unit_id
        WHERE av.element_id = ANY(%s)
        GROUP BY 1, 2, 3
    """
    raw = []
    for _ in range(0 if args.one_commune_per_province else 3):
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(raw_sql, [ids])
            cursor.fetchall()
        raw.append((time.perf_counter() - t) * 1000)
    raw_ms = statistics.median(raw) if raw else None

    items = parse_items([f"e:{e.code}" for e in elements])
    quarters = periods.periods_between(periods.parse("2017Q1"), periods.parse("2024Q4"))
    timings = []
    for _ in range(args.runs):
        t = time.perf_counter()
        data = pivot_data(SYSTEM, items, quarters, level=1)
        table = pivot_table(data, rows="unit", columns="period")
        # every element × quarter × province, as the table would (with the areas' keys
        # taken once, as its headers do)
        area_ids = [area.pk for area in data.areas]
        for item in items:
            for period in quarters:
                for area in area_ids:
                    data.get(item, period, area)
        timings.append((time.perf_counter() - t) * 1000)
    pivot_ms = statistics.median(timings)
    cells = len(items) * len(quarters) * len(data.areas)
    print()
    print("operation                                              ours        reference")
    if raw_ms is not None:
        print(
            f"raw aggregate, province × quarter × element, 8 years  {raw_ms:8.0f} ms"
            "   2.298 ms (PostgreSQL 15)"
        )
    print(
        f"pivot from the rollups (SQL + aggregation by type)    {pivot_ms:8.0f} ms"
        "   ≤ 250 ms target; DuckDB 124 ms"
    )
    print(
        (f"  ratio raw / pivot: {raw_ms / pivot_ms:.1f} ×; " if raw_ms else "  ")
        + f"cells computed: {cells:,}; "
        f"rollup used: {data.cube.used_rollup}; read by {data.cube.bucket_type or 'month'}"
    )
    print(f"  table rows: {len(table.rows)}")

    # freshness: a value approved through the services, then visible in the pivot
    commune = AdminUnit.objects.valid_on(timezone.localdate()).filter(level=3).first()
    reporter_org, _ = Organisation.objects.get_or_create(
        name="Bench commune committee",
        defaults={"kind": Organisation.Kind.PEOPLES_COMMITTEE, "admin_unit": commune},
    )
    data_set = DataSet.objects.filter(code="BENCH_M").first() or services.data_set_save(
        user=SYSTEM,
        data={"code": "BENCH_M", "name": "Bench", "period_type": "monthly", "approver": org},
        elements=[elements[0]],
        reporters=[(reporter_org, commune)],
    )
    period = periods.parse("202412")
    Submission.objects.filter(data_set=data_set).delete()
    DataValue.objects.filter(organisation=reporter_org).delete()
    with transaction.atomic():  # forget a previous run's figure in the analysis tables too
        analytics.values_changed(
            [analytics.ValueKey(data_set.pk, period.id, reporter_org.pk, commune.pk, (ids[0],))]
        )
    services.datavalue_save(
        user=SYSTEM,
        data_set=data_set,
        period=period,
        organisation=reporter_org,
        values=[services.ValueInput(elements[0], None, Decimal(int(time.time()) % 100000))],
    )
    services.submission_submit(
        user=SYSTEM,
        data_set=data_set,
        period=period,
        organisation=reporter_org,
        explanation="bench",
    )
    item = parse_items([f"e:{elements[0].code}"])
    quarter = periods.parse("2024Q4")
    before = pivot_data(SYSTEM, item, [quarter], level=1).get(item[0], quarter, commune.province_id)
    sub = Submission.objects.get(data_set=data_set, period=period.id)
    t0 = time.perf_counter()
    services.submission_approve(user=SYSTEM, submission=sub)
    t_approved = time.perf_counter()
    after = pivot_data(SYSTEM, item, [quarter], level=1).get(item[0], quarter, commune.province_id)
    t_seen = time.perf_counter()
    print()
    print(
        "approval (with the analysis tables updated in its transaction): "
        f"{(t_approved - t0) * 1000:.0f} ms"
    )
    print(
        f"approved → visible in the pivot: {(t_seen - t0):.2f} s "
        "(target ≤ 60 s; DHIS2: the next nightly analytics run)"
    )
    print(f"  province Q4/2024 of {elements[0].code}: {before} → {after}")

    if not args.keep:
        t = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM stats_periodrollup")
            cursor.execute("DELETE FROM stats_rollup")
            cursor.execute("DELETE FROM stats_approvedvalue WHERE element_id = ANY(%s)", [ids])
            Submission.objects.filter(data_set=data_set).delete()
            DataValue.objects.filter(organisation=reporter_org).delete()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM stats_approvedvalue")
        print(f"generated rows dropped in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
