"""A task's own row tells its status on every day from ``history_from`` on: each service that
moves a deadline or withdraws a completion keeps that day, the migration fills it for existing
tasks, and the dashboards' set-based counts agree with the history on any past day."""

import importlib
import itertools
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.urls import reverse

from congso.testing.factories import ClusterFactory
from congso.workplan import services
from congso.workplan.models import Task, TaskCompletion, TaskDeadline, history_from
from congso.workplan.selectors import (
    BUCKETS,
    OPEN_IN_TIME,
    OPEN_OVERDUE,
    buckets_over_time,
    by_organisation,
    overdue_tasks,
    status_counts,
    status_on,
)

from .factories import make_task

pytestmark = pytest.mark.django_db

DAY = date(2014, 3, 26)


def _assign(wp, lead=None, **extra):
    data = {
        "title": "Kiện toàn Ban biên tập cổng thông tin huyện",
        "source": Task.Source.DOCUMENT,
        "source_document": "Thông báo kết luận số 15/TB-STTTT",
        "lead_organisation": lead or wp["doluong"],
        "deadline": date(2014, 6, 30),
        **extra,
    }
    return services.task_assign(user=wp["so"], data=data, day=DAY)


def _fresh(task) -> Task:
    return Task.objects.get(pk=task.pk)


def test_history_from_of_plain_histories_is_empty():
    assert history_from(DAY, [DAY], []) is None
    assert history_from(DAY, [DAY], [(date(2014, 6, 1), date(2014, 6, 1))]) is None
    assert history_from(DAY, [DAY, date(2014, 6, 20)], []) == date(2014, 6, 20)
    withdrawn = [(date(2014, 6, 1), date(2014, 6, 1)), (date(2014, 7, 2), None)]
    assert history_from(DAY, [DAY], withdrawn) == date(2014, 7, 2)


def test_a_new_task_tells_its_status_from_its_own_row(wp):
    task = _fresh(_assign(wp))
    assert (task.deadline, task.done_on, task.history_from) == (date(2014, 6, 30), None, None)


def test_an_approved_extension_keeps_the_new_deadline_and_the_day_it_took_effect(wp):
    task = _assign(wp)
    request = services.task_request_extension(
        user=wp["doluong_user"],
        task=task,
        deadline=date(2014, 9, 30),
        reason="Chờ kinh phí",
        day=date(2014, 7, 10),
    )
    services.task_decide_extension(
        user=wp["so"], request=request, approve=True, day=date(2014, 7, 15)
    )
    task = _fresh(task)
    assert (task.deadline, task.history_from) == (date(2014, 9, 30), date(2014, 7, 15))


def test_a_refused_extension_changes_neither_column(wp):
    task = _assign(wp)
    request = services.task_request_extension(
        user=wp["doluong_user"],
        task=task,
        deadline=date(2014, 9, 30),
        reason="Chờ kinh phí",
        day=date(2014, 6, 10),
    )
    services.task_decide_extension(
        user=wp["so"], request=request, approve=False, day=date(2014, 6, 15)
    )
    task = _fresh(task)
    assert (task.deadline, task.history_from) == (date(2014, 6, 30), None)


def test_an_edited_deadline_keeps_the_day_of_the_edit_and_the_latest_wins(wp):
    task = _assign(wp)
    services.task_update(
        user=wp["so"], task=task, data={"deadline": date(2014, 8, 31)}, day=date(2014, 5, 2)
    )
    assert _fresh(task).history_from == date(2014, 5, 2)
    services.task_update(
        user=wp["so"], task=task, data={"deadline": date(2014, 7, 31)}, day=date(2014, 6, 3)
    )
    task = _fresh(task)
    assert (task.deadline, task.history_from) == (date(2014, 7, 31), date(2014, 6, 3))
    # Saved unchanged: nothing recorded, nothing moved.
    services.task_update(user=wp["so"], task=task, data={"deadline": date(2014, 7, 31)})
    assert _fresh(task).history_from == date(2014, 6, 3)


def test_a_completion_keeps_done_on_and_needs_no_history(wp):
    task = _assign(wp)
    services.task_mark_done(user=wp["doluong_user"], task=task, day=date(2014, 6, 28))
    task = _fresh(task)
    assert (task.done_on, task.history_from) == (date(2014, 6, 28), None)


def test_a_refused_completion_reopens_from_the_day_of_the_refusal(wp):
    task = _assign(wp)
    services.task_mark_done(user=wp["doluong_user"], task=task, day=date(2014, 6, 28))
    services.task_confirm_done(
        user=wp["so"], task=task, accept=False, note="Thiếu báo cáo", day=date(2014, 7, 2)
    )
    task = _fresh(task)
    assert (task.done_on, task.history_from) == (None, date(2014, 7, 2))
    # Done again later: the refusal still separates the days that read the history.
    services.task_mark_done(user=wp["doluong_user"], task=task, day=date(2014, 7, 20))
    task = _fresh(task)
    assert (task.done_on, task.history_from) == (date(2014, 7, 20), date(2014, 7, 2))
    assert status_counts(Task.objects.all(), date(2014, 6, 30)).done_on_time == 1
    assert status_counts(Task.objects.all(), date(2014, 7, 10)).open_overdue == 1
    assert status_counts(Task.objects.all(), date(2014, 7, 21)).done_late == 1


def test_the_next_occurrence_of_a_recurring_task_starts_with_a_plain_history(wp):
    task = _assign(wp, recurrence=Task.Recurrence.QUARTERLY)
    services.task_update(
        user=wp["so"], task=task, data={"deadline": date(2014, 7, 15)}, day=date(2014, 5, 2)
    )
    services.task_mark_done(user=wp["doluong_user"], task=task, day=date(2014, 7, 1))
    following = Task.objects.get(previous=task)
    assert (following.deadline, following.history_from) == (date(2014, 10, 15), None)


def test_the_migration_fills_history_from_for_existing_tasks(wp):
    plain = make_task(wp["doluong"], wp["department"], done_on=date(2014, 6, 1))
    extended = make_task(wp["doluong"], wp["department"])
    TaskDeadline.objects.create(task=extended, since=date(2014, 6, 20), deadline=date(2014, 9, 1))
    reopened = make_task(wp["doluong"], wp["department"], done_on=date(2014, 6, 1))
    TaskCompletion.objects.create(task=reopened, since=date(2014, 6, 5), done_on=None)
    Task.objects.update(history_from=None)
    migration = importlib.import_module("congso.workplan.migrations.0002_task_history_from")
    migration.backfill_history_from(apps, None)
    assert {t.pk: t.history_from for t in Task.objects.all()} == {
        plain.pk: None,
        extended.pk: date(2014, 6, 20),
        reopened.pk: date(2014, 6, 5),
    }


def _varied_tasks(wp):
    """Tasks with every kind of history: plain, done on time or late, extended before or after
    their first deadline, reopened, edited twice; led by two districts."""
    made = []
    for index, (lead, done) in enumerate(
        itertools.product([wp["doluong"], wp["yenthanh"]], [None, date(2014, 6, 20)])
    ):
        made.append(make_task(lead, wp["department"], title=f"Thường {index}", done_on=done))
        late = make_task(lead, wp["department"], title=f"Trễ {index}", done_on=date(2014, 7, 9))
        made.append(late)
        for since, deadline in [(date(2014, 6, 25), date(2014, 7, 31))] + (
            [(date(2014, 8, 5), date(2014, 9, 15))] if done is None else []
        ):
            extended = made[-2]
            TaskDeadline.objects.create(task=extended, since=since, deadline=deadline)
            Task.objects.filter(pk=extended.pk).update(deadline=deadline, history_from=since)
        reopened = make_task(
            lead, wp["department"], title=f"Mở lại {index}", done_on=date(2014, 6, 10)
        )
        TaskCompletion.objects.create(task=reopened, since=date(2014, 7, 3), done_on=None)
        TaskCompletion.objects.create(
            task=reopened, since=date(2014, 8, 1), done_on=date(2014, 8, 1)
        )
        Task.objects.filter(pk=reopened.pk).update(
            done_on=date(2014, 8, 1), history_from=date(2014, 7, 3)
        )
        made.append(reopened)
    return Task.objects.filter(pk__in=[t.pk for t in made])


def test_set_based_counts_agree_with_the_history_on_every_day(wp):
    tasks = _varied_tasks(wp)
    days = [DAY - timedelta(days=1), DAY] + [
        date(2014, 6, 1) + timedelta(days=n) for n in range(0, 120, 3)
    ]
    history = {t.pk: t for t in tasks.prefetch_related("deadline_history", "completion_history")}
    for day in days:
        expected = {name: 0 for name in BUCKETS}
        per_lead: dict[int, dict] = {}
        for task in history.values():
            status = status_on(task, day)
            if status:
                expected[status] += 1
                per_lead.setdefault(task.lead_organisation_id, dict.fromkeys(BUCKETS, 0))
                per_lead[task.lead_organisation_id][status] += 1
        counts = status_counts(tasks, day)
        assert {name: getattr(counts, name) for name in BUCKETS} == expected, day
        rows = by_organisation(tasks, day)
        assert {r["lead_organisation"]: {n: r[n] for n in BUCKETS} for r in rows} == per_lead
        overdue = {t.pk for t in overdue_tasks(tasks, day)}
        assert overdue == {pk for pk, t in history.items() if status_on(t, day) == OPEN_OVERDUE}
    for day, counts in buckets_over_time(tasks, days):
        assert counts == status_counts(tasks, day), day


def test_a_past_quarter_dashboard_shows_the_deadline_then(client, wp):
    task = _assign(wp)
    request = services.task_request_extension(
        user=wp["doluong_user"],
        task=task,
        deadline=date(2014, 12, 31),
        reason="Chờ kinh phí",
        day=date(2014, 7, 10),
    )
    services.task_decide_extension(
        user=wp["so"], request=request, approve=True, day=date(2014, 7, 15)
    )
    client.force_login(wp["so"])
    url = reverse("workplan_dashboard")
    then = client.get(url, {"day": "2014-07-01"}).context
    assert (then["counts"].open_overdue, then["counts"].total) == (1, 1)
    assert [t.pk for t in then["overdue"]] == [task.pk]
    assert then["rows"][0][OPEN_OVERDUE] == 1
    later = client.get(url, {"day": "2014-07-20"}).context
    assert (later["counts"].open_in_time, later["counts"].open_overdue) == (1, 0)
    assert list(later["overdue"]) == []
    assert status_on(task, date(2014, 7, 20)) == OPEN_IN_TIME


def _fill(wp, n):
    for i in range(n):
        make_task(wp["doluong"], wp["department"], title=f"Trễ {i}")
        make_task(wp["yenthanh"], wp["department"], title=f"Xong {i}", done_on=date(2014, 5, 1))
        extended = make_task(wp["yenthanh"], wp["department"], title=f"Gia hạn {i}")
        TaskDeadline.objects.create(
            task=extended, since=date(2014, 7, 10), deadline=date(2015, 1, 1)
        )
        Task.objects.filter(pk=extended.pk).update(
            deadline=date(2015, 1, 1), history_from=date(2014, 7, 10)
        )


@pytest.mark.parametrize(
    "params",
    [
        {"day": "2014-07-01"},
        {"day": "2014-07-01", "p": "2"},
        {"day": "2014-08-01"},
        {"day": "2014-07-01", "kind": "cluster"},
    ],
    ids=["unit, past day", "overdue list, page 2", "after the extensions", "cluster roll-up"],
)
def test_dashboard_cluster_and_overdue_list_take_the_same_queries_for_3_and_30_tasks(
    client, wp, params, django_assert_num_queries
):
    cluster = ClusterFactory(
        organisation=wp["department"], lead_unit=wp["yenthanh"].admin_unit, name="Cụm 1"
    )
    cluster.members.set([wp["doluong"].admin_unit, wp["yenthanh"].admin_unit])
    if params.get("kind") == "cluster":
        params = {**params, "id": cluster.pk}
    client.force_login(wp["so"])
    url = reverse("workplan_dashboard")
    _fill(wp, 1)
    client.get(url, params)  # warm the caches of the session and the scope
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url, params).status_code == 200
    _fill(wp, 30)  # 3 tasks, then 93: more than a page of the overdue list
    with django_assert_num_queries(len(few)):
        response = client.get(url, params)
    assert response.context["counts"].total == 93
