"""Tasks for the work programme's tests, written straight to the tables with their history
(the services are tested on their own)."""

from datetime import date

from congso.workplan.models import Task, TaskCompletion, TaskDeadline


def make_task(
    lead,
    assigned_by,
    *,
    title="Nhiệm vụ",
    assigned_on=date(2014, 3, 26),
    deadline=date(2014, 6, 30),
    done_on=None,
    **extra,
) -> Task:
    task = Task(
        title=title,
        lead_organisation=lead,
        assigned_by=assigned_by,
        source=Task.Source.DOCUMENT,
        source_document="Thông báo kết luận",
        assigned_on=assigned_on,
        starts_on=assigned_on,
        deadline=deadline,
        done_on=done_on,
        **extra,
    )
    task.fill_derived()
    task.save()
    TaskDeadline.objects.create(task=task, since=assigned_on, deadline=deadline)
    if done_on:
        TaskCompletion.objects.create(task=task, since=done_on, done_on=done_on)
    return task
