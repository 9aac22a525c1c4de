from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.tasks import task
from django_tasks_db.models import DBTaskResult

from congso.core import schedule
from congso.core.models import ScheduledRun

pytestmark = pytest.mark.django_db

RUNS: list[str] = []


@task()
def count_run() -> None:
    RUNS.append("ran")


@pytest.fixture
def every_ten_minutes():
    schedule.periodic(every=timedelta(minutes=10))(count_run)
    RUNS.clear()
    yield schedule._registry[count_run.module_path]
    del schedule._registry[count_run.module_path]


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path=count_run.module_path).count()


def test_a_periodic_task_is_enqueued_once_per_slot_however_often_workers_tick(every_ten_minutes):
    nine = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)

    assert count_run.module_path in schedule.run_due(nine)
    assert count_run.module_path not in schedule.run_due(nine + timedelta(minutes=3))
    assert count_run.module_path not in schedule.run_due(nine + timedelta(minutes=9, seconds=59))
    assert _queued() == 1

    assert count_run.module_path in schedule.run_due(nine + timedelta(minutes=10))
    assert _queued() == 2


def test_a_restarted_or_second_worker_does_not_enqueue_a_slot_already_taken(every_ten_minutes):
    nine = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    ScheduledRun.objects.create(name=count_run.module_path, slot=every_ten_minutes.slot(nine))

    assert count_run.module_path not in schedule.run_due(nine + timedelta(minutes=1))
    assert _queued() == 0


# The worker closes its database connections between tasks, as in production: the test needs
# real transactions rather than one it rolls back.
@pytest.mark.django_db(transaction=True)
def test_the_batch_worker_enqueues_what_is_due_and_runs_it(every_ten_minutes):
    call_command("worker", "--batch", verbosity=0)

    assert RUNS == ["ran"]
    assert DBTaskResult.objects.get(task_path=count_run.module_path).status == "SUCCESSFUL"


def test_old_slots_are_pruned_but_recent_ones_kept(every_ten_minutes):
    nine = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    schedule.run_due(nine)
    ScheduledRun.objects.update(enqueued_at=nine - timedelta(days=8))
    recent = ScheduledRun.objects.create(name="other", slot=1)

    schedule.run_due(nine)

    assert list(ScheduledRun.objects.exclude(name=count_run.module_path)) == [recent]


def test_a_task_cannot_be_scheduled_more_often_than_the_worker_ticks():
    with pytest.raises(ValueError):
        schedule.periodic(every=timedelta(seconds=1))


def test_periodic_schedules_tasks_not_plain_functions():
    with pytest.raises(TypeError):
        schedule.periodic(every=timedelta(minutes=1))(lambda: None)
