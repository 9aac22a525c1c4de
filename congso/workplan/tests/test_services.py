"""Every change of a task, a conference, a petition is one service: permission- and
scope-checked, audit-logged, and refused with nothing changed."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from congso.core.actors import SYSTEM
from congso.workplan import services
from congso.workplan.models import (
    Conference,
    ExtensionRequest,
    Notification,
    Petition,
    Task,
)
from congso.workplan.selectors import visible_tasks

pytestmark = pytest.mark.django_db

DAY = date(2014, 3, 26)


def _assign(wp, lead, user=None, **extra):
    data = {
        "title": "Kiện toàn Ban chỉ đạo CNTT cấp huyện",
        "source": Task.Source.DOCUMENT,
        "source_document": "Thông báo kết luận số 15/TB-STTTT",
        "lead_organisation": lead,
        "deadline": date(2014, 6, 30),
        **extra,
    }
    return services.task_assign(user=user or wp["so"], data=data, day=DAY)


def test_the_department_assigns_and_the_district_is_notified(
    wp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = _assign(wp, wp["doluong"])
    assert task.assigned_by == wp["department"]
    assert list(task.deadline_history.values_list("deadline", flat=True)) == [date(2014, 6, 30)]
    assert Notification.objects.filter(recipient=wp["doluong_user"], task=task).exists()
    assert not Notification.objects.filter(recipient=wp["yenthanh_user"]).exists()
    assert ModelLogEntry.objects.filter(object_id=str(task.pk), action="wagtail.create").exists()


def test_a_district_sees_its_own_and_what_it_assigned_never_another_districts(wp):
    ours = _assign(wp, wp["doluong"])
    theirs = _assign(wp, wp["yenthanh"])
    assigned = _assign(wp, wp["doluong_division"], user=wp["doluong_user"])
    assert set(visible_tasks(wp["doluong_user"])) == {ours, assigned}
    assert set(visible_tasks(wp["yenthanh_user"])) == {theirs}
    assert set(visible_tasks(wp["so"])) == {ours, theirs, assigned}


def test_a_district_cannot_assign_to_another_district(wp):
    with pytest.raises(PermissionDenied):
        _assign(wp, wp["yenthanh"], user=wp["doluong_user"])
    assert not Task.objects.exists()


def test_a_district_cannot_report_on_another_districts_task(wp):
    task = _assign(wp, wp["yenthanh"])
    with pytest.raises(PermissionDenied):
        services.task_report_progress(user=wp["doluong_user"], task=task, percent=50, text="x")
    assert task.reports.count() == 0


def test_progress_reports_set_the_percentage_and_bad_values_change_nothing(wp):
    task = _assign(wp, wp["doluong"])
    services.task_report_progress(
        user=wp["doluong_user"], task=task, percent=40, text="Đã họp", day=date(2014, 4, 10)
    )
    with pytest.raises(ValidationError):
        services.task_report_progress(user=wp["doluong_user"], task=task, percent=140, text="x")
    task.refresh_from_db()
    assert task.progress == 40
    assert task.reports.count() == 1


def test_an_extension_is_decided_by_the_assigner_only(wp):
    task = _assign(wp, wp["doluong"])
    request = services.task_request_extension(
        user=wp["doluong_user"],
        task=task,
        deadline=date(2014, 9, 30),
        reason="Chờ kinh phí",
        day=date(2014, 6, 20),
    )
    with pytest.raises(ValidationError):
        services.task_request_extension(
            user=wp["doluong_user"], task=task, deadline=date(2014, 10, 30), reason="Nữa"
        )
    with pytest.raises(PermissionDenied):
        services.task_decide_extension(user=wp["doluong_user"], request=request, approve=True)
    services.task_decide_extension(
        user=wp["so"], request=request, approve=True, day=date(2014, 6, 25)
    )
    task.refresh_from_db()
    assert task.deadline == date(2014, 9, 30)
    assert request.__class__.objects.get(pk=request.pk).status == ExtensionRequest.Status.APPROVED
    assert list(task.deadline_history.values_list("since", "deadline")) == [
        (DAY, date(2014, 6, 30)),
        (date(2014, 6, 25), date(2014, 9, 30)),
    ]


def test_an_extension_must_move_the_deadline_later(wp):
    task = _assign(wp, wp["doluong"])
    with pytest.raises(ValidationError):
        services.task_request_extension(
            user=wp["doluong_user"], task=task, deadline=date(2014, 6, 1), reason="x"
        )


def test_done_then_confirmed_by_the_assigning_organisation(wp):
    task = _assign(wp, wp["doluong"])
    services.task_mark_done(user=wp["doluong_user"], task=task, day=date(2014, 6, 28))
    with pytest.raises(PermissionDenied):
        services.task_confirm_done(user=wp["doluong_user"], task=task)
    with pytest.raises(PermissionDenied):
        services.task_confirm_done(user=wp["yenthanh_user"], task=task)
    services.task_confirm_done(user=wp["so"], task=task, day=date(2014, 7, 1))
    task.refresh_from_db()
    assert (task.done_on, task.confirmed_on, task.progress) == (
        date(2014, 6, 28),
        date(2014, 7, 1),
        100,
    )


def test_a_refused_completion_reopens_the_task_and_keeps_the_history(wp):
    task = _assign(wp, wp["doluong"])
    services.task_mark_done(user=wp["doluong_user"], task=task, day=date(2014, 6, 28))
    services.task_confirm_done(
        user=wp["so"], task=task, accept=False, note="Thiếu báo cáo", day=date(2014, 7, 2)
    )
    task.refresh_from_db()
    assert task.done_on is None
    from congso.workplan.selectors import DONE_ON_TIME, OPEN_OVERDUE, status_on

    assert status_on(task, date(2014, 6, 30)) == DONE_ON_TIME
    assert status_on(task, date(2014, 7, 3)) == OPEN_OVERDUE


def test_a_quarterly_task_done_gets_its_next_occurrence(wp):
    task = _assign(wp, wp["doluong"], recurrence=Task.Recurrence.QUARTERLY)
    services.task_mark_done(user=wp["doluong_user"], task=task, day=date(2014, 6, 25))
    following = Task.objects.get(previous=task)
    assert following.deadline == date(2014, 9, 30)
    assert following.done_on is None
    assert following.lead_organisation == wp["doluong"]


def test_a_recurring_task_needs_a_first_deadline(wp):
    with pytest.raises(ValidationError):
        _assign(wp, wp["doluong"], recurrence=Task.Recurrence.MONTHLY, deadline=None)


def test_a_task_from_a_conclusion_must_name_it(wp):
    with pytest.raises(ValidationError):
        _assign(wp, wp["doluong"], source=Task.Source.CONCLUSION)


def _petition(wp, raised_by, user, content="Đề nghị mở lớp tập huấn"):
    return services.petition_record(
        user=user,
        data={
            "raised_by": raised_by,
            "source": Petition.Source.DOCUMENT,
            "source_detail": "Công văn 12/UBND",
            "sector": "it",
            "content": content,
            "answering_organisation": wp["vnpt"],
        },
    )


def test_grouped_petitions_are_answered_once(wp):
    first = _petition(wp, wp["doluong"], wp["doluong_user"])
    second = _petition(wp, wp["yenthanh"], wp["yenthanh_user"], "Sóng di động yếu")
    with pytest.raises(PermissionDenied):
        services.petition_answer(user=wp["doluong_user"], petition=first, text="Không")
    services.petition_group(user=wp["so"], petitions=[first, second], topic="Sóng di động")
    answered = services.petition_answer(
        user=wp["so"],
        petition=first,
        text="VNPT lắp thêm trạm BTS",
        number="45/VNPT",
        answer_date=DAY,
    )
    assert len(answered) == 2
    second.refresh_from_db()
    assert (second.status, second.answer_number, second.answer_date) == (
        Petition.Status.ANSWERED,
        "45/VNPT",
        DAY,
    )
    with pytest.raises(ValidationError):
        services.petition_answer(user=wp["so"], petition=second, text="Lần nữa")


def test_an_online_conference_with_its_bridge_points(wp):
    conference = services.conference_record(
        user=wp["so"],
        data={
            "title": "Hội nghị giao ban trực tuyến quý I/2014",
            "kind": Conference.Kind.ONLINE,
            "starts_at": "2014-03-26T08:00:00+07:00",
        },
        participants=[wp["doluong"], wp["yenthanh"]],
        bridge_points=[(wp["doluong"], "Hội trường UBND huyện Đô Lương")],
    )
    assert conference.organisation == wp["department"]
    assert conference.bridge_points.get().place == "Hội trường UBND huyện Đô Lương"
    with pytest.raises(PermissionDenied):
        services.conference_record(
            user=wp["doluong_user"], conference=conference, data={"minutes": "x"}
        )


def test_the_system_actor_may_do_everything(wp):
    task = services.task_assign(
        user=SYSTEM,
        data={
            "title": "Báo cáo",
            "source": Task.Source.DOCUMENT,
            "source_document": "KH 1",
            "lead_organisation": wp["doluong"],
            "assigned_by": wp["department"],
        },
    )
    assert task.deadline is None
    assert len(mail.outbox) == 0
