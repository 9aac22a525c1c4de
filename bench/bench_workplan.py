"""Time the work programme's dashboards and overdue list with 100.000 tasks.

    .venv/bin/python bench/bench_workplan.py [--tasks 100000] [--repeat 10]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/EMPTY_DB \
        .venv/bin/python bench/bench_workplan.py

Against a fresh SQLite file in a temporary folder (or DATABASE_URL, a fresh database): the Nghệ
An demo, then ``--tasks`` tasks (bulk-inserted with their deadline and completion history) led by
the 21 district People's Committees and the department's divisions, assigned by the department,
deadlines spread over 2014–2016, two thirds done (some late), some extended. Each screen is
requested through Django's test client, warm; printed: median milliseconds and the number of
queries, per account. Target (TARGETS.md): unit dashboard and overdue list < 300 ms.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import time_screen

ACCOUNTS = ["giamdoc", "doluong"]


def screens(cluster_id: int, conference_id: int) -> list[tuple[str, str, dict]]:
    return [
        ("unit dashboard, today", "workplan_dashboard", {}),
        ("unit dashboard, 30/06/2015", "workplan_dashboard", {"day": "2015-06-30"}),
        ("overdue list, page 20", "workplan_dashboard", {"p": "20"}),
        ("overdue list, 30/06/2015 p. 20", "workplan_dashboard", {"p": "20", "day": "2015-06-30"}),
        ("dashboard filtered (IT)", "workplan_dashboard", {"sector": "it"}),
        ("cluster roll-up", "workplan_dashboard", {"kind": "cluster", "id": cluster_id}),
        (
            "cluster roll-up, 30/06/2015",
            "workplan_dashboard",
            {"kind": "cluster", "id": cluster_id, "day": "2015-06-30"},
        ),
        ("conference", "workplan_dashboard", {"kind": "conference", "id": conference_id}),
        ("chart (8 quarters)", "workplan_dashboard_chart", {}),
        ("task list", "workplan_tasks:index", {}),
    ]


def make_tasks(count: int) -> None:
    from django.db import transaction

    from congso.directory.models import Organisation
    from congso.workplan.models import Task, TaskCompletion, TaskDeadline

    department = Organisation.objects.get(kind="department", valid_to__isnull=False)
    leads = list(
        Organisation.objects.filter(kind__in=["peoples_committee", "division"]).exclude(
            admin_unit__level=3
        )
    )
    rng = random.Random(2014)
    sectors = ["post", "telecom", "it", "press", "broadcast", "admin_reform", "other"]
    sources = ["document", "conference", "programme"]
    start = date(2014, 1, 1)
    batch = 5000
    made = 0
    while made < count:
        size = min(batch, count - made)
        tasks, deadlines, completions, extended_tasks = [], [], [], []
        for _ in range(size):
            assigned = start + timedelta(days=rng.randrange(0, 900))
            deadline = assigned + timedelta(days=rng.randrange(10, 200))
            roll = rng.random()
            done = None
            if roll < 0.45:
                done = deadline - timedelta(days=rng.randrange(0, 10))
            elif roll < 0.65:
                done = deadline + timedelta(days=rng.randrange(1, 60))
            tasks.append(
                Task(
                    title=f"Nhiệm vụ mẫu {made}",
                    search_text=f"nhiem vu mau {made}",
                    sector=rng.choice(sectors),
                    source=rng.choice(sources),
                    source_document="Kế hoạch mẫu",
                    assigned_by=department,
                    lead_organisation=rng.choice(leads),
                    assigned_on=assigned,
                    starts_on=assigned,
                    deadline=deadline,
                    done_on=done,
                    progress=100 if done else rng.randrange(0, 100),
                )
            )
            made += 1
        with transaction.atomic():
            created = Task.objects.bulk_create(tasks)
            for task in created:
                deadlines.append(
                    TaskDeadline(task=task, since=task.assigned_on, deadline=task.deadline)
                )
                if task.pk % 10 == 0:  # one in ten extended once
                    deadlines[-1].deadline = task.deadline - timedelta(days=30)
                    extended = max(task.deadline - timedelta(days=35), task.assigned_on)
                    deadlines.append(
                        TaskDeadline(task=task, since=extended, deadline=task.deadline)
                    )
                    if extended > task.assigned_on:
                        task.history_from = extended
                        extended_tasks.append(task)
                if task.done_on:
                    completions.append(
                        TaskCompletion(task=task, since=task.done_on, done_on=task.done_on)
                    )
            TaskDeadline.objects.bulk_create(deadlines)
            Task.objects.bulk_update(extended_tasks, ["history_from"], batch_size=1000)
            TaskCompletion.objects.bulk_create(completions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--keep", help="SQLite file to build once and reuse on later runs")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="congso-bench-")
    reuse = bool(args.keep and os.path.exists(args.keep))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.keep or tmp.name + '/bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(24).hex())
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["CONGSO_VAR_DIR"] = tmp.name
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["CONN_MAX_AGE"] = "600"

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from congso.directory.models import Cluster
    from congso.workplan.models import Conference, Task

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    started = time.perf_counter()
    reuse = reuse or Task.objects.count() >= args.tasks  # a database built by an earlier run
    if not reuse:
        with open(os.devnull, "w") as quiet:
            call_command("demo", stdout=quiet)
        make_tasks(args.tasks)
    print(f"{Task.objects.count():,} tasks inserted in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum (or an operator) does after a bulk load
    print(f"database: {connection.vendor}; median of {args.repeat} warm requests")
    print(f"{'screen':<30}" + "".join(f"{account:>16}" for account in ACCOUNTS))
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ACCOUNTS)}
    cluster = Cluster.objects.get(name="Cụm 1")
    conference = Conference.objects.get()
    worst = 0.0
    for label, url_name, params in screens(cluster.pk, conference.pk):
        cells = []
        for account in ACCOUNTS:
            client = Client()
            client.force_login(users[account])
            url = reverse(url_name)
            status, ms, queries = time_screen(client, url, params, args.repeat)
            if status != 200:
                cells.append(f"{'(' + str(status) + ')':>16}")
                continue
            worst = max(worst, ms) if "chart" not in label else worst
            cells.append(f"{ms:>9.1f}ms/{queries:<4}")
        print(f"{label:<30}" + "".join(cells))
    print(f"worst page (chart apart): {worst:.1f} ms (target < 300 ms)")


if __name__ == "__main__":
    main()
