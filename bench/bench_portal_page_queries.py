"""Uncached cost of the pages a portal must publish, on a database holding the demo.

Run (after ``congso demo`` on that database)::

    DEBUG=1 .venv/bin/python bench/bench_portal_page_queries.py [--repeat 20]

(``DEBUG=1``: Django keeps the queries it counts.)

For each page of the department's portal (home, introduction, legal documents listed and
filtered, a document, Q&A, the question form, spokesperson) and for the rating and the view
counter, prints the median and worst time of ``--repeat`` warm requests through Django's test
client (no page cache, no network) and the number of queries of one request.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    from congso.portal.models import LegalDocumentPage, Portal

    portal = Portal.objects.get(site__is_default_site=True)
    document = LegalDocumentPage.objects.live().descendant_of(portal.site.root_page).first()
    host = portal.site.hostname
    paths = [
        "/",
        "/gioi-thieu/",
        "/van-ban/",
        "/van-ban/?q=cong+nghe+thong+tin&type=quyet-dinh",
        document.get_url_parts()[2],
        "/hoi-dap/",
        "/hoi-dap/gui-cau-hoi/",
        "/nguoi-phat-ngon/",
        f"/luot-xem/{portal.site.root_page_id}/",
    ]
    client = Client()
    middleware = [m for m in settings.MIDDLEWARE if "PageCache" not in m]
    print(f"{'page':<52} {'median':>8} {'worst':>8} {'queries':>8}")
    with override_settings(MIDDLEWARE=middleware):
        for path in paths:
            client.get(path, HTTP_HOST=host)
            reset_queries()
            response = client.get(path, HTTP_HOST=host)
            queries = list(connection.queries)
            assert response.status_code == 200, (path, response.status_code)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                client.get(path, HTTP_HOST=host)
                times.append((time.perf_counter() - start) * 1000)
            median = statistics.median(times)
            print(f"{path:<52} {median:>6.1f}ms {max(times):>6.1f}ms {len(queries):>8}")


if __name__ == "__main__":
    main()
