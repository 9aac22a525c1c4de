"""Ranked recall of the portals' search on real Vietnamese news, with and without diacritics.

    .venv/bin/python bench/bench_portal_search.py [--queries 300]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/congso_portalsearch \\
        .venv/bin/python bench/bench_portal_search.py

Reads ../shared/data/text/news-baomoi-sample1000.jsonl and news-dantri-titled200.jsonl (or
CONGSO_DATA_DIR/text/…) at run time, never copied into the project, into a portal of a fresh
database: a temporary SQLite file, or on PostgreSQL a database named after DATABASE_URL's with
"_searchbench" appended, dropped at the end. Every article is published under a section and
indexed as publishing indexes it.

Queries, from a sample of the articles: (a) four to six consecutive words of its title, (b) five
consecutive words of its lead (sapo), (c) the same five words as a quoted phrase; each written
as in the article (with diacritics) and folded (lower case, without marks, đ as d). The article
the words come from is the one relevant answer. Printed: recall@10 and MRR@10 per kind and
form, and the latency of one search (count, ranked page of ten, snippets) p50 / p95.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FILES = ("news-baomoi-sample1000.jsonl", "news-dantri-titled200.jsonl")


def data_dir() -> Path:
    base = os.environ.get("CONGSO_DATA_DIR")
    return Path(base) / "text" if base else ROOT.parent / "shared" / "data" / "text"


def read_articles() -> list[dict]:
    articles = []
    for name in FILES:
        with open(data_dir() / name, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                if row.get("title") and (row.get("sapo") or row.get("body")):
                    articles.append(row)
    return articles


def prepare_database() -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        bench_name = f"{name}_searchbench"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')
            conn.execute(f'CREATE DATABASE "{bench_name}"')
        os.environ["DATABASE_URL"] = f"{base}/{bench_name}"

        def drop():
            from django.db import connections

            connections.close_all()
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')

        return "PostgreSQL", drop
    folder = tempfile.mkdtemp(prefix="congso-searchbench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    return "SQLite", lambda: None


def load(articles: list[dict]) -> list[int]:
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page, Site

    from congso.portal.models import ArticlePage, HomePage, SectionPage
    from congso.portal.search.index import index_page

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Cổng thử nghiệm", slug="cong-thu-nghiem"))
    Site.objects.create(hostname="bench.local", port=80, root_page=home, site_name="Thử nghiệm")
    section = home.add_child(instance=SectionPage(title="Tin tức", slug="tin-tuc"))
    ids = []
    now = timezone.now()
    with transaction.atomic():
        for number, row in enumerate(articles):
            body = [("paragraph", f"<p>{row.get('body') or ''}</p>")]
            article = section.add_child(
                instance=ArticlePage(
                    title=row["title"][:255],
                    slug=f"bai-{number}",
                    lead=row.get("sapo") or (row.get("body") or "")[:300] or row["title"],
                    body=body,
                    live=True,
                    first_published_at=now,
                )
            )
            index_page(article)  # what page_published does on publication
            ids.append(article.pk)
            if number % 200 == 199:
                print(f"  {number + 1} articles", file=sys.stderr, flush=True)
    return ids


def make_queries(articles, ids, count, rng):
    from congso.core.text import fold

    queries = []
    for i in rng.sample(range(len(articles)), min(count, len(articles))):
        title = articles[i]["title"].split()
        n = min(len(title), rng.randint(4, 6))
        start = rng.randint(0, len(title) - n)
        queries.append(("title words", " ".join(title[start : start + n]), ids[i]))
        lead = (articles[i].get("sapo") or "").split()
        if len(lead) >= 8:
            start = rng.randint(0, len(lead) - 5)
            words = " ".join(lead[start : start + 5])
            queries.append(("lead words", words, ids[i]))
            queries.append(("lead phrase", f'"{words}"', ids[i]))
    result = []
    for kind, text, target in queries:
        result.append((kind, "with diacritics", text, target))
        result.append((kind, "without diacritics", fold(text), target))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args()
    articles = read_articles()
    vendor, drop = prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    os.environ.setdefault("DEBUG", "1")
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)  # not a line per page created
    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        ids = load(articles)
        loaded = time.perf_counter() - started
        from congso.portal.models import PortalSearchEntry
        from congso.portal.search.results import search
        from congso.portal.search.text import parse_query

        site_ids = list(PortalSearchEntry.objects.values_list("site_id", flat=True).distinct())
        rng = random.Random(args.seed)
        queries = make_queries(articles, ids, args.queries, rng)
        figures: dict[tuple[str, str], list[float]] = {}
        latencies = []
        for kind, form, text, target in queries:
            t0 = time.perf_counter()
            page = search(parse_query(text), site_ids)
            hits = list(page.object_list)
            latencies.append(time.perf_counter() - t0)
            ranked = [hit.entry.page_id for hit in hits]
            rank = ranked.index(target) + 1 if target in ranked else None
            figures.setdefault((kind, form), []).append(1 / rank if rank else 0.0)
        print(
            f"{vendor}: {len(articles)} articles loaded and indexed in {loaded:.1f} s; "
            f"{len(queries)} queries"
        )
        print(f"{'query':14} {'form':20} {'n':>5} {'recall@10':>10} {'MRR@10':>8}")
        for (kind, form), scores in figures.items():
            recall = sum(1 for s in scores if s > 0) / len(scores)
            mrr = statistics.mean(scores)
            print(f"{kind:14} {form:20} {len(scores):5d} {recall:10.3f} {mrr:8.3f}")
        latencies.sort()
        p50 = latencies[len(latencies) // 2] * 1000
        p95 = latencies[int(len(latencies) * 0.95)] * 1000
        print(
            f"latency of one search (page of 10 with snippets): p50 {p50:.1f} ms, p95 {p95:.1f} ms"
        )
    finally:
        drop()


if __name__ == "__main__":
    main()
