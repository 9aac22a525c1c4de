"""The REST API of the work programme, ``/api/v1/workplan/``, with its OpenAPI description at
``/api/v1/workplan/openapi.json``: the tasks the caller's units lead, cooperate in or assigned,
with their status on any day, their progress reports, and the reporting of progress, scoped and
checked exactly as the screens (the same services and selectors). Systems authenticate with the
platform's API tokens (``Authorization: Bearer cs_…``), people with their session."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from congso.core.api_tokens import BearerTokenAuth

from .models import Task
from .selectors import BUCKETS, visible_tasks, with_status
from .services import task_report_progress

#: the most tasks one page returns
MAX_LIMIT = 500

api = NinjaAPI(
    title="Cổng số — chương trình công tác",
    version="1",
    description=(
        "Nhiệm vụ được giao (đơn vị chủ trì, phối hợp, thời hạn, tình trạng tại một ngày bất "
        "kỳ), báo cáo tiến độ và việc báo cáo tiến độ, trong phạm vi đơn vị của người gọi. Xác "
        "thực bằng mã truy cập (Authorization: Bearer …) hoặc phiên đăng nhập."
    ),
    auth=[BearerTokenAuth(), django_auth],
    urls_namespace="workplan_api",
    docs_url=None,  # the interactive page loads its scripts from a CDN: the description suffices
)


def _need(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise HttpError(403, _("You do not have permission to do this."))


class TaskOut(Schema):
    id: int
    title: str
    source: str
    sector: str
    lead_organisation: str
    assigned_by: str
    assigned_on: date
    deadline: date | None
    done_on: date | None
    confirmed_on: date | None
    progress: int
    status: str | None = Field(None, description=" | ".join(BUCKETS))


class TaskFilter(Schema):
    day: date | None = Field(None, description="the day of the status (today by default)")
    status: str | None = Field(None, description=" | ".join(BUCKETS))
    lead_organisation: int | None = None
    offset: int = Field(0, ge=0)
    limit: int = Field(100, ge=1, le=MAX_LIMIT)


def _out(task: Task) -> dict:
    return {
        "id": task.pk,
        "title": task.title,
        "source": task.source,
        "sector": task.sector,
        "lead_organisation": task.lead_organisation.name,
        "assigned_by": task.assigned_by.name,
        "assigned_on": task.assigned_on,
        "deadline": task.deadline,
        "done_on": task.done_on,
        "confirmed_on": task.confirmed_on,
        "progress": task.progress,
        "status": getattr(task, "status", None),
    }


@api.get("/tasks", response=list[TaskOut], summary="Tasks and their status on a day")
def tasks(request, filters: Query[TaskFilter]):
    _need(request, "workplan.view_task")
    if filters.status and filters.status not in BUCKETS:
        raise HttpError(400, _("Unknown status: %(status)s.") % {"status": filters.status})
    found = with_status(visible_tasks(request.user), filters.day).select_related(
        "lead_organisation", "assigned_by"
    )
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.lead_organisation:
        found = found.filter(lead_organisation_id=filters.lead_organisation)
    found = found.order_by("deadline", "pk")[filters.offset : filters.offset + filters.limit]
    return [_out(task) for task in found]


class ReportOut(Schema):
    day: date
    percent: int
    text: str


class TaskDetailOut(TaskOut):
    description: str
    cooperating: list[str]
    reports: list[ReportOut]


@api.get("/tasks/{task_id}", response=TaskDetailOut, summary="A task with its progress reports")
def task_detail(request, task_id: int):
    _need(request, "workplan.view_task")
    task = get_object_or_404(
        with_status(visible_tasks(request.user)).select_related("lead_organisation", "assigned_by"),
        pk=task_id,
    )
    return {
        **_out(task),
        "description": task.description,
        "cooperating": [o.name for o in task.cooperating.all()],
        "reports": [
            {"day": r.day, "percent": r.percent, "text": r.text} for r in task.reports.all()[:100]
        ],
    }


class ProgressIn(Schema):
    percent: int = Field(..., ge=0, le=100)
    text: str = Field(..., min_length=1, max_length=5000)


@api.post(
    "/tasks/{task_id}/progress",
    response={201: ReportOut},
    summary="Report progress (the lead or a cooperating organisation)",
)
def report_progress(request, task_id: int, payload: ProgressIn):
    task = get_object_or_404(visible_tasks(request.user), pk=task_id)
    try:
        report = task_report_progress(
            user=request.user, task=task, percent=payload.percent, text=payload.text
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error
    return Status(201, {"day": report.day, "percent": report.percent, "text": report.text})
