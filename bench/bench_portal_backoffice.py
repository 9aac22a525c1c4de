"""Time the portals' back-office screens for every role, with 151 portals and their people.

    .venv/bin/python bench/bench_portal_backoffice.py [--portals 151] [--repeat 15]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/congso_bench .venv/bin/python \
        bench/bench_portal_backoffice.py      # an empty database: the benchmark fills it
    ... bench/bench_portal_backoffice.py --reuse  # the portals a previous run left there

Against a fresh SQLite file in a temporary folder (or DATABASE_URL, an empty database), with
production settings: the Nghệ An demo (the department's portal and three district portals), then
commune portals up to ``--portals`` sites, each with an editor and an editorial board member,
and a few articles submitted for review. Roles: the editor and the board member of one commune
portal, province staff holding their rights once at the root (role portal_admin), a province user
on the board of every portal (the case that breaks stock Wagtail), a superuser. Each screen is
requested through Django's test client, warm; printed: median milliseconds and queries.
Target (TARGETS.md): every screen < 150 ms and <= 40 queries for every role, the query count
independent of the number of sites (reference, stock Wagtail 8.0.1 with 151 sites on SQLite:
commune editor's dashboard 177 ms / 172 queries; a province user in every board group: SQL
errors and 1–7 s).
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=151, help="number of sites in all")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the portals a previous run left in DATABASE_URL instead of building them",
    )
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="congso-bench-")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(24).hex())
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["CONGSO_VAR_DIR"] = tmp.name
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["CONN_MAX_AGE"] = "600"
    # the submitted articles notify their boards: no mail server here
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

    import django

    django.setup()
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from congso.directory.models import AdminUnit, Organisation
    from congso.portal.models import Portal
    from congso.portal.tests.scale import (
        add_commune_portals,
        join_every_board,
        make_province_users,
        screens,
        submitted_article,
    )

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    started = time.perf_counter()
    if args.reuse and Portal.objects.filter(organisation__name="UBND xã Thử 0").exists():
        first, article, users = _built()
    else:
        with open(os.devnull, "w") as quiet:
            call_command("demo", stdout=quiet)
        province = AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, code="40")
        department = Organisation.objects.get(kind="department", name__contains="Thông tin")
        communes = add_commune_portals(province, max(args.portals - Portal.objects.count(), 1))
        users = make_province_users(department)
        join_every_board(users["every_board"], Portal.objects.all())
        for portal in communes[-10:]:
            submitted_article(portal, portal.users["editor"])
        first = communes[0]
        article = submitted_article(first, first.users["editor"])
        users |= first.users
    roles = {
        "editor": users["editor"],
        "board": users["board"],
        "province": users["province"],
        "every board": users["every_board"],
        "superuser": users["superuser"],
    }
    if connection.vendor == "postgresql":
        # The build leaves PostgreSQL's autovacuum a day's work on two cores: done now, it
        # does not run beside the timings
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"database: {connection.vendor}; {Portal.objects.count()} portals (built in "
        f"{time.perf_counter() - started:.0f} s); median of {args.repeat} warm requests"
    )
    print(f"{'screen':<22}" + "".join(f"{role:>15}" for role in roles))
    worst_ms, worst_queries = 0.0, 0
    for label, url in screens(first, article):
        cells = []
        for user in roles.values():
            client = Client()
            client.force_login(user)
            response = client.get(url, follow=True)
            target = response.redirect_chain[-1][0] if response.redirect_chain else url
            if response.status_code != 200:
                cells.append(f"{'(' + str(response.status_code) + ')':>15}")
                continue
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(target)
            timings = []
            for _ in range(args.repeat):
                begin = time.perf_counter()
                client.get(target)
                timings.append((time.perf_counter() - begin) * 1000)
            ms = statistics.median(timings)
            worst_ms, worst_queries = max(worst_ms, ms), max(worst_queries, len(queries))
            cells.append(f"{ms:>9.1f}ms/{len(queries):<3}")
        print(f"{label:<22}" + "".join(cells))
    print(f"worst: {worst_ms:.1f} ms, {worst_queries} queries (target < 150 ms, <= 40 queries)")


def _built():
    """The commune portal, its article under review and the roles' accounts of a previous
    run."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from congso.portal.models import Portal

    User = get_user_model()
    first = Portal.objects.get(organisation__name="UBND xã Thử 0")
    article = (
        Page.objects.filter(title="Bài chờ duyệt", path__startswith=first.site.root_page.path)
        .order_by("pk")
        .last()
    )
    names = {
        "editor": "bt0",
        "board": "bbt0",
        "province": "tinh",
        "every_board": "bbt_tinh",
        "superuser": "quantri_he_thong",
    }
    accounts = {user.username: user for user in User.objects.filter(username__in=names.values())}
    return first, article, {role: accounts[name] for role, name in names.items()}


if __name__ == "__main__":
    main()
