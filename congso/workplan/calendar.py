"""The iCalendar feed (RFC 5545) of the deadlines of an organisation or a person, written by
hand: a feed of all-day events needs a few escaping and folding rules, not a library."""

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet

from .models import CalendarToken, Task


def _escape(text: str) -> str:
    """TEXT values: backslash, semicolon, comma and newline escaped (RFC 5545 §3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets folded with CRLF and a space (§3.1), never inside a
    UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not out else 74
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def calendar_tasks(token: CalendarToken) -> QuerySet[Task]:
    tasks = Task.objects.filter(deadline__isnull=False).select_related("lead_organisation")
    if token.person_id:
        return tasks.filter(assignee_id=token.person_id)
    return tasks.filter(lead_organisation_id=token.organisation_id)


def ics(token: CalendarToken, now: datetime | None = None) -> str:
    now = (now or datetime.now(UTC)).astimezone(UTC)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    host = settings.WAGTAILADMIN_BASE_URL.split("//")[-1].split("/")[0] or "congso"
    subject = token.person or token.organisation
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cong so//Chuong trinh cong tac//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(f'Hạn nhiệm vụ: {subject}')}",
    ]
    for task in calendar_tasks(token).order_by("deadline", "pk")[:2000]:
        deadline: date = task.deadline
        done = " (đã hoàn thành)" if task.done_on else ""
        lines += [
            "BEGIN:VEVENT",
            f"UID:task-{task.pk}-{deadline:%Y%m%d}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{deadline:%Y%m%d}",
            f"DTEND;VALUE=DATE:{deadline + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(task.title + done)}",
            f"DESCRIPTION:{_escape(f'Đơn vị chủ trì: {task.lead_organisation}')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
