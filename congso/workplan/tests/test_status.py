"""The four buckets of government task reports, on any day, in Python and in SQL alike."""

from datetime import date, timedelta

import pytest

from congso.core.actors import SYSTEM
from congso.workplan import selectors
from congso.workplan.models import Task
from congso.workplan.selectors import (
    DONE_LATE,
    DONE_ON_TIME,
    OPEN_IN_TIME,
    OPEN_OVERDUE,
    bucket,
    status_counts,
    status_on,
    with_status,
)
from congso.workplan.services import task_decide_extension, task_mark_done, task_request_extension

from .factories import make_task

DEADLINE = date(2014, 6, 30)


def test_the_deadline_day_itself_is_within_the_deadline():
    assert bucket(DEADLINE, DEADLINE, DEADLINE + timedelta(days=5)) == DONE_ON_TIME
    assert bucket(DEADLINE, DEADLINE + timedelta(days=1), date(2014, 7, 5)) == DONE_LATE
    assert bucket(DEADLINE, None, DEADLINE) == OPEN_IN_TIME
    assert bucket(DEADLINE, None, DEADLINE + timedelta(days=1)) == OPEN_OVERDUE


def test_a_task_done_after_the_day_looked_at_was_open_then():
    assert bucket(DEADLINE, date(2014, 7, 10), date(2014, 7, 1)) == OPEN_OVERDUE
    assert bucket(None, None, date(2030, 1, 1)) == OPEN_IN_TIME


@pytest.fixture
def orgs(district_setup, department):
    return district_setup["doluong"]["committee"], department


def _sql_status(task, day):
    found = with_status(Task.objects.filter(pk=task.pk), day).first()
    return found.status if found else None


@pytest.mark.django_db
def test_sql_annotation_agrees_with_python_on_every_boundary(orgs):
    lead, assigner = orgs
    cases = [
        make_task(lead, assigner, done_on=DEADLINE),
        make_task(lead, assigner, done_on=DEADLINE + timedelta(days=1)),
        make_task(lead, assigner),
        make_task(lead, assigner, deadline=None),
    ]
    days = [date(2014, 3, 25), DEADLINE - timedelta(days=1), DEADLINE, DEADLINE + timedelta(1)]
    days += [date(2014, 9, 30), date.today()]
    for task in cases:
        for day in days:
            assert _sql_status(task, day) == status_on(task, day), (task.pk, day)


@pytest.mark.django_db
def test_a_past_quarter_report_shows_the_deadline_then_not_the_extended_one(orgs):
    lead, assigner = orgs
    task = make_task(lead, assigner)
    request = task_request_extension(
        user=SYSTEM,
        task=task,
        deadline=date(2014, 12, 31),
        reason="Chờ kinh phí",
        day=date(2014, 7, 10),
    )
    task_decide_extension(user=SYSTEM, request=request, approve=True, day=date(2014, 7, 15))
    # On 01/07 the task was past its deadline of 30/06; on 20/07 the new deadline holds.
    assert status_on(task, date(2014, 7, 1)) == OPEN_OVERDUE
    assert _sql_status(task, date(2014, 7, 1)) == OPEN_OVERDUE
    assert status_on(task, date(2014, 7, 20)) == OPEN_IN_TIME
    assert _sql_status(task, date(2014, 7, 20)) == OPEN_IN_TIME
    task_mark_done(user=SYSTEM, task=task, day=date(2014, 11, 1))
    assert _sql_status(task, date(2014, 11, 2)) == DONE_ON_TIME
    assert _sql_status(task, date(2014, 10, 31)) == OPEN_IN_TIME


@pytest.mark.django_db
def test_a_task_assigned_after_the_day_is_not_counted(orgs):
    lead, assigner = orgs
    make_task(lead, assigner, assigned_on=date(2014, 4, 2))
    assert status_counts(Task.objects.all(), date(2014, 3, 31)).total == 0
    assert status_counts(Task.objects.all(), date(2014, 4, 2)).open_in_time == 1


@pytest.mark.django_db
def test_counts_and_rates_of_a_unit(orgs):
    lead, assigner = orgs
    make_task(lead, assigner, done_on=date(2014, 6, 1))
    make_task(lead, assigner, done_on=date(2014, 7, 1))
    make_task(lead, assigner)
    make_task(lead, assigner, deadline=date(2014, 12, 31))
    counts = status_counts(Task.objects.all(), date(2014, 9, 30))
    assert (counts.done_on_time, counts.done_late, counts.open_in_time, counts.open_overdue) == (
        1,
        1,
        1,
        1,
    )
    assert counts.on_time_rate == 50
    assert counts.overdue_rate == 50


@pytest.mark.django_db
def test_overdue_list_by_organisation(orgs, district_setup):
    lead, assigner = orgs
    other = district_setup["yenthanh"]["committee"]
    make_task(lead, assigner, title="Trễ 1")
    make_task(other, assigner, title="Trễ 2", deadline=date(2014, 5, 1))
    make_task(other, assigner, title="Xong", done_on=date(2014, 4, 1))
    overdue = selectors.overdue_tasks(Task.objects.all(), date(2014, 7, 1))
    assert [t.title for t in overdue] == ["Trễ 2", "Trễ 1"]
    rows = selectors.by_organisation(Task.objects.all(), date(2014, 7, 1))
    assert {r["lead_organisation__name"]: r[OPEN_OVERDUE] for r in rows} == {
        lead.name: 1,
        other.name: 1,
    }
