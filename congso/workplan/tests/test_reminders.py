"""Reminders before a deadline and when it passes: each once, in the back office and by e-mail,
whatever the number of runs, restarts or workers."""

from datetime import date, timedelta

import pytest
from django.core import mail

from congso.workplan.models import Notification, Reminder
from congso.workplan.tasks import due_reminders, send_deadline_reminders, send_one_reminder

from .factories import make_task

pytestmark = pytest.mark.django_db

TODAY = date(2014, 6, 23)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def with_email(wp):
    user = wp["doluong_user"]
    user.email = "doluong@example.vn"
    user.save()
    return user


def test_seven_days_before_one_day_before_and_after_the_deadline(wp, today, with_email):
    task = make_task(wp["doluong"], wp["department"], deadline=TODAY + timedelta(days=7))
    assert send_deadline_reminders.call() == 1
    assert mail.outbox[0].to == ["doluong@example.vn"]
    assert "30/06/2014" in mail.outbox[0].subject
    assert Notification.objects.filter(recipient=with_email, task=task).count() == 1
    # The next runs of the same day, or after a restart, send nothing more.
    assert send_deadline_reminders.call() == 0
    assert send_deadline_reminders.call() == 0
    assert len(mail.outbox) == 1
    assert due_reminders(TODAY + timedelta(days=5)) == []
    day_before = due_reminders(TODAY + timedelta(days=6))
    assert [kind for _pk, kind, _d in day_before] == ["before:1"]
    assert send_one_reminder(*day_before[0]) is True
    assert due_reminders(TODAY + timedelta(days=7)) == []
    assert [kind for _pk, kind, _d in due_reminders(TODAY + timedelta(days=8))] == ["overdue"]


def test_the_one_day_reminder_comes_the_day_before(wp, today, with_email):
    make_task(wp["doluong"], wp["department"], deadline=TODAY + timedelta(days=1))
    assert [kind for _pk, kind, _d in due_reminders(TODAY)] == ["before:1"]


def test_a_worker_down_for_days_sends_the_nearest_reminder_only(wp, today, with_email):
    make_task(wp["doluong"], wp["department"], deadline=TODAY + timedelta(days=3))
    assert [kind for _pk, kind, _d in due_reminders(TODAY)] == ["before:7"]
    make_task(wp["doluong"], wp["department"], deadline=TODAY - timedelta(days=30))
    assert sorted(kind for _pk, kind, _d in due_reminders(TODAY)) == ["before:7", "overdue"]


def test_done_tasks_get_no_reminder(wp, today, with_email):
    make_task(
        wp["doluong"], wp["department"], deadline=TODAY + timedelta(1), done_on=date(2014, 6, 1)
    )
    assert due_reminders(TODAY) == []


def test_a_second_worker_claiming_the_same_reminder_sends_nothing(wp, today, with_email):
    task = make_task(wp["doluong"], wp["department"], deadline=TODAY - timedelta(days=1))
    due = due_reminders(TODAY)
    # Both workers read the same due list; the first claims and sends, the second is refused.
    assert send_one_reminder(*due[0]) is True
    assert send_one_reminder(*due[0]) is False
    assert Reminder.objects.filter(task=task).count() == 1
    assert len(mail.outbox) == 1


def test_an_extended_deadline_is_reminded_again(wp, today, with_email):
    task = make_task(wp["doluong"], wp["department"], deadline=TODAY + timedelta(days=1))
    send_deadline_reminders.call()
    task.deadline = TODAY + timedelta(days=7)
    task.save()
    assert [kind for _pk, kind, _d in due_reminders(TODAY)] == ["before:7"]


def test_reminder_days_come_from_the_settings(wp, today, with_email, settings):
    settings.WORKPLAN_REMINDER_DAYS = (3,)
    make_task(wp["doluong"], wp["department"], deadline=TODAY + timedelta(days=5))
    assert due_reminders(TODAY) == []
    assert [kind for _pk, kind, _d in due_reminders(TODAY + timedelta(days=2))] == ["before:3"]


def test_the_worker_schedules_the_reminders_every_hour_once_per_slot(db):
    from datetime import UTC, datetime

    from congso.core.schedule import periodic_tasks, run_due

    entry = next(e for e in periodic_tasks() if e.task is send_deadline_reminders)
    assert entry.every == timedelta(hours=1)
    now = datetime(2014, 6, 23, 1, 0, 5, tzinfo=UTC)
    assert entry.name in run_due(now)
    # A second worker, or the same one restarted, in the same hour: not enqueued again.
    assert entry.name not in run_due(now + timedelta(minutes=30))
    assert entry.name in run_due(now + timedelta(hours=1))
