"""Background work of the work programme, run by the worker (`congso worker`): e-mails of
notifications, the reminders before and after deadlines, the Word report."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from congso.core.schedule import periodic
from congso.core.text import format_date

#: days before a deadline that a reminder goes out, unless settings say otherwise
DEFAULT_REMINDER_DAYS = (7, 1)
OVERDUE = "overdue"


def reminder_days() -> tuple[int, ...]:
    return tuple(getattr(settings, "WORKPLAN_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def _emails(account_ids) -> list[str]:
    return list(
        get_user_model()
        .objects.filter(pk__in=list(account_ids), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


@task(queue_name="default")
def send_task_email(task_id: int, text: str, account_ids: list[int]) -> int:
    """E-mail a notification about a task to the accounts; returns how many were written to."""
    from .models import Task

    recipients = _emails(account_ids)
    if not recipients:
        return 0
    task_obj = Task.objects.select_related("lead_organisation").get(pk=task_id)
    with override(settings.LANGUAGE_CODE):
        body = _(
            "%(text)s\n\nTask: %(title)s\nLead organisation: %(org)s\nDeadline: %(deadline)s\n"
        ) % {
            "text": text,
            "title": task_obj.title,
            "org": task_obj.lead_organisation,
            "deadline": format_date(task_obj.deadline) or "—",
        }
        send_mail(subject=text[:150], message=body, from_email=None, recipient_list=recipients)
    return len(recipients)


def due_reminders(today: date) -> list[tuple[int, str, date]]:
    """(task, kind, deadline) of every reminder due on ``today``: a deadline in exactly N days
    (or fewer, for a worker that was down on the day) and, for an open task, a deadline passed."""
    from .models import Reminder, Task

    wanted: list[tuple[int, str, date]] = []
    open_tasks = Task.objects.filter(done_on__isnull=True, deadline__isnull=False)
    for days in reminder_days():
        kind = f"before:{days}"
        sent = Reminder.objects.filter(
            task=OuterRef("pk"), kind=kind, deadline=OuterRef("deadline")
        )
        rows = (
            open_tasks.filter(deadline__gte=today, deadline__lte=today + timedelta(days=days))
            .exclude(Exists(sent))
            .values_list("pk", "deadline")
        )
        # the shortest interval wins: a task 1 day away gets the 1-day reminder, not the 7
        smaller = [d for d in reminder_days() if d < days]
        for pk, deadline in rows:
            if any((deadline - today).days <= d for d in smaller):
                continue
            wanted.append((pk, kind, deadline))
    sent = Reminder.objects.filter(task=OuterRef("pk"), kind=OVERDUE, deadline=OuterRef("deadline"))
    for pk, deadline in (
        open_tasks.filter(deadline__lt=today).exclude(Exists(sent)).values_list("pk", "deadline")
    ):
        wanted.append((pk, OVERDUE, deadline))
    return wanted


def send_one_reminder(task_id: int, kind: str, deadline: date) -> bool:
    """Claim the reminder by inserting its row, then send it, in one transaction: a second
    worker's insert waits and then fails on the unique constraint, so it is sent once; a
    failure while sending rolls the claim back, to be tried at the next run."""
    from .models import Reminder, Task
    from .services import _assignees

    try:
        with transaction.atomic():
            Reminder.objects.create(task_id=task_id, kind=kind, deadline=deadline)
            task_obj = Task.objects.select_related("lead_organisation", "assignee").get(pk=task_id)
            with override(settings.LANGUAGE_CODE):
                if kind == OVERDUE:
                    text = _("Deadline passed on %(day)s: %(title)s")
                else:
                    text = _("Deadline on %(day)s: %(title)s")
                text = text % {"day": format_date(deadline), "title": task_obj.title}
            accounts = _assignees(task_obj)
            from .models import Notification

            Notification.objects.bulk_create(
                [Notification(recipient_id=pk, task=task_obj, text=text) for pk in accounts]
            )
            recipients = _emails(accounts)
            if recipients:
                send_mail(
                    subject=text[:150],
                    message=text,
                    from_email=None,
                    recipient_list=recipients,
                )
    except IntegrityError:
        return False
    return True


#: hourly: a worker started late in the day still sends the day's reminders within the hour;
#: what an earlier run sent is not sent again (the Reminder rows)
@periodic(every=timedelta(hours=1))
@task(queue_name="default")
def send_deadline_reminders() -> int:
    """Send every reminder due today, each once; returns how many this run sent."""
    today = timezone.localdate()
    return sum(send_one_reminder(*due) for due in due_reminders(today))


@task(queue_name="default")
def write_implementation_report(report_id: int) -> str:
    """Write the requested report on the implementation of tasks; the request says when it is
    ready (or that it failed, and why) and holds the Word document."""
    from django.core.files.base import ContentFile
    from django.db.models import Q

    from .models import ImplementationReport, Task
    from .report import write_docx
    from .selectors import by_organisation

    report = ImplementationReport.objects.select_related(
        "organisation__parent", "organisation__admin_unit"
    ).get(pk=report_id)
    report.status = ImplementationReport.Status.RUNNING
    report.save(update_fields=["status"])
    organisation = report.organisation
    try:
        tasks = Task.objects.filter(Q(lead_organisation=organisation) | Q(assigned_by=organisation))
        content = write_docx(
            issuer=organisation.name,
            upper=organisation.parent.name if organisation.parent_id else "",
            rows=by_organisation(tasks, report.day),
            day=report.day,
            number=report.number,
            place=organisation.admin_unit.name if organisation.admin_unit_id else "",
            today=timezone.localdate(),
        )
        report.docx.save(
            f"bao-cao-nhiem-vu-{report.day:%Y%m%d}-{report.pk}.docx",
            ContentFile(content),
            save=False,
        )
        report.status = ImplementationReport.Status.DONE
    except Exception as exc:  # the user sees that it failed and why; the worker goes on
        report.status = ImplementationReport.Status.FAILED
        report.error = str(exc)[:2000]
    report.finished = timezone.now()
    report.save()
    return report.status
