"""Serve a portal's home and article pages with the production server under concurrent load.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/congso_portalsearch \\
        .venv/bin/python bench/bench_portal_pages.py [--seconds 10] [--connections 16]

On PostgreSQL (DATABASE_URL; the database is migrated and given the demo, nothing else is
touched). gunicorn (the command of docs/operations.md, DEBUG off) serves on loopback, twice:
with the page cache off (every request rendered) and on. The load generator is this script's
own: several processes, each with threads that keep one request in flight each (gunicorn's sync
workers close every connection: one TCP connection per request). Its ceiling is
the static file's figure: a static file of the same size as the article, served by the same
server (WhiteNoise), is measured in each run. Printed: requests per second, p50 and p95 latency,
the queries of one uncached request, the time and queries of a page's first render after a
publication (when each site's once-per-publication parts are rebuilt), and the ratios to the
targets:
uncached home >= 4 x 21-28 req/s, article >= 4 x 49-54 req/s (bakerydemo on the same stack),
cached >= 0,8 x the static file.
"""

import argparse
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = 8765
REFERENCE = {"home": (21, 28), "article": (49, 54)}


def setup() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["CONGSO_PAGE_CACHE_SECONDS"] = "0"  # count the queries of a rendered page
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    call_command("migrate", verbosity=0)
    from congso.portal.models import ArticlePage, Portal

    if not Portal.objects.exists():
        call_command("demo", verbosity=0)
    portal = Portal.objects.get(site__is_default_site=True)
    host = portal.site.hostname
    article = (
        ArticlePage.objects.live().descendant_of(portal.site.root_page).order_by("-pk").first()
    )
    urls = {"home": "/", "article": article.relative_url(portal.site)}
    client = Client()
    queries, sizes = {}, {}
    for name, url in urls.items():
        client.get(url, HTTP_HOST=host)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, HTTP_HOST=host)
        assert response.status_code == 200, (url, response.status_code)
        queries[name], sizes[name] = len(captured), len(response.content)
    # The uncached figures keep the parts each site renders once per publication (menu,
    # blocks, the home's listings); right after a publication a page rebuilds them all,
    # timed here in this process, page by page
    from congso.portal import cache

    cold = {}
    for name, url in urls.items():
        timings = []
        for _ in range(15):
            cache.bump(portal.site_id)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(url, HTTP_HOST=host)
                timings.append((time.perf_counter() - started) * 1000)
        cold[name] = (statistics.median(timings), len(captured))
    return {"host": host, "urls": urls, "queries": queries, "sizes": sizes, "cold": cold}


def _worker(host, path, connections, seconds, queue):
    """``connections`` threads, each sending one request per connection, back to back."""
    import threading

    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n"
        "Accept-Encoding: identity\r\n\r\n"
    ).encode()
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0]

    def run():
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                with socket.create_connection(("127.0.0.1", PORT), timeout=60) as s:
                    s.sendall(request)
                    head = s.recv(65536)
                    while s.recv(65536):
                        pass
            except OSError:
                errors[0] += 1
                continue
            if head.startswith(b"HTTP/1.1 200"):
                latencies.append(time.perf_counter() - started)
            else:
                errors[0] += 1

    threads = [threading.Thread(target=run) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((latencies, errors[0]))


def warm(host, path, count) -> None:
    import http.client

    for _ in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        connection.request("GET", path, headers={"Host": host})
        connection.getresponse().read()
        connection.close()


def load(host, path, *, seconds, connections, processes) -> dict:
    queue = mp.Queue()
    share = max(1, connections // processes)
    workers = [
        mp.Process(target=_worker, args=(host, path, share, seconds, queue))
        for _ in range(processes)
    ]
    for w in workers:
        w.start()
    latencies, errors = [], 0
    for _ in workers:
        lat, err = queue.get()
        latencies += lat
        errors += err
    for w in workers:
        w.join()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {
        "rps": len(latencies) / seconds,
        "p50": pick(0.50) if latencies else 0,
        "p95": pick(0.95) if latencies else 0,
        "errors": errors,
    }


def serve(env: dict, workers: int):
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "congso.wsgi",
        f"--bind=127.0.0.1:{PORT}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--backlog=2048",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    sys.exit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--client-processes", type=int, default=2)
    args = parser.parse_args()
    info = setup()
    from django.conf import settings

    static_name = "bench/article-size.html"
    static_file = Path(settings.STATIC_ROOT) / static_name
    static_file.parent.mkdir(parents=True, exist_ok=True)
    static_file.write_bytes(b"x" * info["sizes"]["article"])
    subprocess.run(
        [str(ROOT / ".venv/bin/congso"), "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "0", "SECRET_KEY": "bench"},
        check=True,
    )
    static_file.write_bytes(b"x" * info["sizes"]["article"])  # not a manifest copy: its own name
    base_env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": f"{info['host']},127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "600",
    }
    print(
        f"gunicorn {args.workers} sync workers, {args.connections} connections, "
        f"{args.seconds:g} s per figure, {args.client_processes} client processes"
    )
    print(
        f"page sizes: home {info['sizes']['home']} B, article {info['sizes']['article']} B; "
        f"queries per uncached page: home {info['queries']['home']}, "
        f"article {info['queries']['article']}"
    )
    print(
        "first render after a publication (in this process, median of 15): "
        + ", ".join(
            f"{name} {ms:.1f} ms / {count} queries" for name, (ms, count) in info["cold"].items()
        )
    )
    results = {}
    for mode, seconds_cached in (("uncached", "0"), ("cached", "600")):
        env = {**base_env, "CONGSO_PAGE_CACHE_SECONDS": seconds_cached}
        server = serve(env, args.workers)
        try:
            targets = [*info["urls"].items(), ("static", f"/static/{static_name}")]
            for name, path in targets:
                # warm every worker: a process's first render loads the templates (seconds)
                warm(info["host"], path, args.workers * 3)
                figures = load(
                    info["host"],
                    path,
                    seconds=args.seconds,
                    connections=args.connections,
                    processes=args.client_processes,
                )
                results[(mode, name)] = figures
                print(
                    f"{mode:9} {name:8} {figures['rps']:8.1f} req/s  p50 {figures['p50']:6.1f} ms"
                    f"  p95 {figures['p95']:6.1f} ms  errors {figures['errors']}"
                )
        finally:
            server.terminate()
            server.wait()
    static = statistics.mean(
        [results[("uncached", "static")]["rps"], results[("cached", "static")]["rps"]]
    )
    print("\nratios")
    for name, (low, high) in REFERENCE.items():
        rps = results[("uncached", name)]["rps"]
        print(
            f"uncached {name}: {rps / high:.1f} x the reference's best ({high} req/s), "
            f"{rps / low:.1f} x its worst ({low}); target 4 x"
        )
    for name in REFERENCE:
        rps = results[("cached", name)]["rps"]
        print(
            f"cached {name}: {rps / static:.2f} x the static file ({static:.0f} req/s); "
            "target 0.8 x"
        )


if __name__ == "__main__":
    main()
