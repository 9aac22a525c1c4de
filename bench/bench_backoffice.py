"""Time the directory's back-office screens for every demo role, with the whole country loaded.

    .venv/bin/python bench/bench_backoffice.py [--repeat 20]

Against a fresh SQLite file in a temporary folder (or DATABASE_URL, a fresh database): the Nghệ
An demo plus the whole country's map (2023, 2025, mapping; 14.000 units) from CONGSO_DATA_DIR.
Each screen is requested through Django's test client, warm; printed: median milliseconds and
the number of queries, per role. Target (TARGETS.md): every screen < 150 ms and <= 40 queries
for every role.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import time_screen

ROLES = ["admin", "giamdoc", "chuyenvien", "doluong", "xa", "vnpt", "bientap"]
SCREENS = [
    ("dashboard", "wagtailadmin_home", {}),
    ("units, today", "directory_units:index", {}),
    ("units, map of 26/03/2014", "directory_units:index", {"on": "26/03/2014", "level": "2"}),
    ("units, search “do luong”", "directory_units:index", {"q": "do luong"}),
    ("organisations", "directory_organisations:index", {}),
    ("organisation form", "directory_organisations:add", {}),
    ("people", "directory_people:index", {}),
    ("clusters", "directory_clusters:index", {}),
    ("population", "directory_population:index", {}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="congso-bench-")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    # Production settings, as served: no template debugging, compressed static manifest.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(24).hex())
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["CONGSO_VAR_DIR"] = tmp.name
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["CONN_MAX_AGE"] = "600"

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from congso.directory.importers import import_population, import_units_all

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", stdout=quiet)
    import_units_all(settings.CONGSO_DATA_DIR)
    import_population(settings.CONGSO_DATA_DIR)
    if connection.vendor == "postgresql":
        # What autovacuum does shortly after a bulk import; the planner needs the statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"database: {connection.vendor}; median of {args.repeat} warm requests")
    print(f"{'screen':<28}" + "".join(f"{role:>14}" for role in ROLES))

    users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
    worst_ms, worst_queries = 0.0, 0
    for label, url_name, params in SCREENS:
        cells = []
        for role in ROLES:
            client = Client()
            client.force_login(users[role])
            url = reverse(url_name)
            status, ms, queries = time_screen(client, url, params, args.repeat)
            if status != 200:
                cells.append(f"{'(' + str(status) + ')':>14}")
                continue
            worst_ms, worst_queries = max(worst_ms, ms), max(worst_queries, queries)
            cells.append(f"{ms:>8.1f}ms/{queries:<3}")
        print(f"{label:<28}" + "".join(cells))
    print(f"worst: {worst_ms:.1f} ms, {worst_queries} queries (target < 150 ms, <= 40 queries)")
    print("(302/403: the role may not open that screen)")


if __name__ == "__main__":
    main()
