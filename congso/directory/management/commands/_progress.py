"""A tqdm bar per import stage, fed by the importers' progress callback."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm

from congso.directory.importers import Progress


@contextmanager
def progress_bars(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    bars: dict[str, tqdm] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            # One bar at a time: a finished stage is closed so that bars do not nest.
            for previous in bars.values():
                previous.close()
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="", file=sys.stderr, leave=True)
        bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        for bar in bars.values():
            bar.close()
