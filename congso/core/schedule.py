"""Periodic background work, run by ``congso worker`` itself: no cron line to remember.

An app declares a periodic task in its ``tasks.py``::

    @periodic(every=timedelta(minutes=1))
    @task()
    def publish_due_pages() -> int: ...

Time is cut into slots of ``every`` (counted from the Unix epoch, so a daily task's slot starts at
midnight UTC, 07:00 in Vietnam; pass ``offset`` to move it). Each worker ticks a few times a minute;
at each tick, every periodic task whose current slot has no ``ScheduledRun`` row gets one and is
enqueued in the same transaction. The row's unique key decides races: two workers ticking at once
enqueue the task once, a restarted worker does not enqueue it again, and a slot missed while no
worker ran is not replayed (the task itself catches up on what is due, as a publishing or reminder
task naturally does).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import IntegrityError, close_old_connections, transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)

#: how often a worker looks for due slots; the finest useful ``every``
TICK = timedelta(seconds=15)
#: rows older than this are pruned: the unique key only needs the recent slots
KEEP = timedelta(days=7)


@dataclass(frozen=True)
class Periodic:
    task: Task
    every: timedelta
    offset: timedelta

    @property
    def name(self) -> str:
        return self.task.module_path

    def slot(self, now: datetime) -> int:
        return int((now.timestamp() - self.offset.total_seconds()) // self.every.total_seconds())


_registry: dict[str, Periodic] = {}
_discovered = False

T = TypeVar("T", bound=Task)


def periodic(*, every: timedelta, offset: timedelta = timedelta(0)) -> Callable[[T], T]:
    """Run the decorated task (a ``django.tasks.task``) once every ``every``."""
    if every < TICK:
        raise ValueError(f"a periodic task cannot run more often than every {TICK}")

    def register(task: T) -> T:
        if not isinstance(task, Task):
            raise TypeError("@periodic goes above @task: it schedules a task, not a function")
        entry = Periodic(task=task, every=every, offset=offset)
        _registry[entry.name] = entry
        return task

    return register


def periodic_tasks() -> list[Periodic]:
    """Every periodic task of the installed apps (their ``tasks`` modules are imported once)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("tasks")
        _discovered = True
    return sorted(_registry.values(), key=lambda entry: entry.name)


def run_due(now: datetime | None = None) -> list[str]:
    """Enqueue each periodic task whose current slot nobody has enqueued yet; return their names."""
    from .models import ScheduledRun

    now = now or timezone.now()
    enqueued = []
    for entry in periodic_tasks():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=entry.name, slot=entry.slot(now))
                entry.task.enqueue()
        except IntegrityError:
            continue  # another worker, or this one before a restart, has it
        enqueued.append(entry.name)
    ScheduledRun.objects.filter(enqueued_at__lt=now - KEEP).delete()
    return enqueued


class Scheduler(threading.Thread):
    """Ticks beside the worker until stopped."""

    def __init__(self) -> None:
        super().__init__(name="congso-scheduler", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            close_old_connections()
            try:
                for name in run_due():
                    logger.info("enqueued periodic task %s", name)
            except Exception:
                # A database hiccup must not stop the worker; the next tick tries again.
                logger.exception("periodic tasks could not be enqueued")
            finally:
                close_old_connections()
            self.stopped.wait(TICK.total_seconds())

    def stop(self) -> None:
        self.stopped.set()
