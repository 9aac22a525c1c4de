"""Timing shared by the back-office benchmarks: a screen requested through Django's test
client, once to count its queries, then ``repeat`` times warm for the median."""

import statistics
import time


def time_screen(client, url: str, params: dict, repeat: int) -> tuple[int, float, int]:
    """The status code, the median milliseconds of ``repeat`` warm requests and the number of
    queries of one request (0 and 0 when the first request does not answer 200)."""
    from django.db import connection

    response = client.get(url, params)
    if response.status_code != 200:
        return response.status_code, 0.0, 0
    queries: list[str] = []

    def count(execute, sql, sql_params, many, context):
        queries.append(sql)
        return execute(sql, sql_params, many, context)

    with connection.execute_wrapper(count):
        client.get(url, params)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
    return 200, statistics.median(timings), len(queries)
