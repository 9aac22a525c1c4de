"""The REST API of sector statistics, ``/api/v1/stats/``, with its OpenAPI description at
``/api/v1/stats/openapi.json``: metadata, data values (read, and written as DHIS2
``dataValueSets``), submissions. Reporting systems authenticate with a token from the back
office (``Authorization: Bearer cs_…``), people with their session; both see exactly what
their screens show."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from congso.core.api_tokens import BearerTokenAuth
from congso.directory.models import Organisation
from congso.directory.selectors import user_scope

from . import imports
from .models import ApiToken, DataElement, DataSet, Indicator, normalised
from .selectors import reporting_for, visible_submissions, visible_values
from .services import token_digest

MAX_LIMIT = 10_000


def account_of_token(token: str):
    """The active account a secret stands for, or None; its last use noted (every 5 min)."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked__isnull=True, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    now = timezone.now()
    if found.last_used is None or now - found.last_used > timedelta(minutes=5):
        ApiToken.objects.filter(pk=found.pk).update(last_used=now)
    return found.user


TokenAuth = BearerTokenAuth


api = NinjaAPI(
    title="Cổng số — thống kê ngành",
    version="1",
    description=(
        "Chỉ tiêu, biểu báo cáo, số liệu (theo định dạng dataValueSets của DHIS2) và tình trạng "
        "duyệt. Xác thực bằng mã truy cập (Authorization: Bearer …) hoặc phiên đăng nhập."
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="stats_api",
    docs_url=None,  # the interactive page loads its scripts from a CDN: the description suffices
)


def _need(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise HttpError(403, _("You do not have permission to do this."))


# ---- metadata ---------------------------------------------------------------------------
class OptionOut(Schema):
    code: str
    name: str


class ElementOut(Schema):
    code: str
    name: str
    unit_of_measure: str
    value_type: str
    time_aggregation: str
    unit_aggregation: str
    national_code: str
    itu_code: str
    options: list[OptionOut]


@api.get("/elements", response=list[ElementOut], summary="Data elements")
def elements(request):
    _need(request, "stats.view_dataelement")
    found = DataElement.objects.select_related("disaggregation").prefetch_related(
        "disaggregation__options"
    )
    return [
        {
            **{f: getattr(e, f) for f in ElementOut.model_fields if f != "options"},
            "options": [{"code": o.code, "name": o.name} for o in e.disaggregation.options.all()]
            if e.disaggregation
            else [],
        }
        for e in found
    ]


class DataSetOut(Schema):
    code: str
    name: str
    period_type: str
    deadline_days: int
    elements: list[str]


@api.get("/data-sets", response=list[DataSetOut], summary="Data sets")
def data_sets(request):
    _need(request, "stats.view_dataset")
    return [
        {
            "code": d.code,
            "name": d.name,
            "period_type": d.period_type,
            "deadline_days": d.deadline_days,
            "elements": [e.code for e in d.elements.all()],
        }
        for d in DataSet.objects.prefetch_related("elements")
    ]


class IndicatorOut(Schema):
    code: str
    name: str
    numerator: str
    denominator: str
    factor: float
    unit_of_measure: str


@api.get("/indicators", response=list[IndicatorOut], summary="Indicators")
def indicators(request):
    _need(request, "stats.view_indicator")
    return list(Indicator.objects.all())


class ReporterOut(Schema):
    data_set: str
    organisation_id: int
    organisation: str
    org_unit: str


@api.get("/reporting", response=list[ReporterOut], summary="What the caller reports")
def reporting(request):
    return [
        {
            "data_set": r.data_set.code,
            "organisation_id": r.organisation_id,
            "organisation": r.organisation.name,
            "org_unit": r.unit.code,
        }
        for r in reporting_for(request.user)
    ]


# ---- data values ----------------------------------------------------------------------------
class ValueOut(Schema):
    dataElement: str
    period: str
    orgUnit: str
    categoryOptionCombo: str
    value: str
    comment: str
    storedBy: str
    lastUpdated: str
    organisation: int


class ValuesOut(Schema):
    count: int
    dataValues: list[ValueOut]


class ValueFilter(Schema):
    dataElement: str | None = None
    period: str | None = None
    orgUnit: str | None = None
    organisation: int | None = None
    limit: int = 1000
    offset: int = 0


@api.get("/data-values", response=ValuesOut, summary="Data values, as DHIS2 dataValues")
def data_values(request, filters: Query[ValueFilter]):
    _need(request, "stats.view_datavalue")
    values = visible_values(request.user)
    if filters.dataElement:
        values = values.filter(element__code=filters.dataElement)
    if filters.period:
        values = values.filter(period=filters.period)
    if filters.orgUnit:
        values = values.filter(unit__code=filters.orgUnit)
    if filters.organisation:
        values = values.filter(organisation_id=filters.organisation)
    limit = max(1, min(filters.limit, MAX_LIMIT))
    offset = max(0, filters.offset)
    page = values.select_related("element", "option", "unit", "updated_by").order_by(
        "element__code", "period", "unit__code", "option__code", "organisation", "pk"
    )[offset : offset + limit]
    return {
        "count": values.count(),
        "dataValues": [
            {
                "dataElement": v.element.code,
                "period": v.period,
                "orgUnit": v.unit.code,
                "categoryOptionCombo": v.option.code if v.option else "",
                "value": format(normalised(v.value), "f"),
                "comment": v.comment,
                "storedBy": v.updated_by.get_username() if v.updated_by else "",
                "lastUpdated": v.updated.isoformat(),
                "organisation": v.organisation_id,
            }
            for v in page
        ],
    }


class ValueIn(Schema):
    dataElement: str = ""
    period: str = ""
    orgUnit: str = ""
    categoryOptionCombo: str = ""
    value: str | int | float | None = None
    comment: str = ""


class ValueSetIn(Schema):
    dataValues: list[ValueIn]


class Problem(Schema):
    position: str
    message: str


class ImportOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool
    problem_count: int
    problems: list[Problem]


def _organisation_for(request, organisation: int | None) -> Organisation:
    scope = user_scope(request.user)
    if organisation is None:
        if scope.organisation is None:
            raise HttpError(400, _("Say which organisation reports: ?organisation=<id>."))
        return scope.organisation
    found = get_object_or_404(Organisation, pk=organisation)
    if not scope.can_see_organisation(found):
        raise HttpError(403, _("%(name)s is outside your unit.") % {"name": found})
    return found


@api.post(
    "/data-values",
    response={200: ImportOut, 400: ImportOut},
    summary="Store values sent as a DHIS2 dataValueSets document (all or nothing)",
)
def post_values(
    request, payload: ValueSetIn, organisation: int | None = None, dryRun: bool = False
):
    _need(request, "stats.change_datavalue")
    reporter = _organisation_for(request, organisation)
    rows = (
        imports.RawRow(
            ("record", number),
            item.dataElement.strip(),
            item.period.strip(),
            item.orgUnit.strip(),
            item.categoryOptionCombo.strip(),
            "" if item.value is None else str(item.value).strip(),
            item.comment.strip(),
        )
        for number, item in enumerate(payload.dataValues, start=1)
    )
    try:
        result = imports.import_rows(
            user=request.user, organisation=reporter, rows=rows, dry_run=dryRun, kind="stats-api"
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    body = {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "dry_run": result.dry_run,
        "problem_count": result.problem_count,
        "problems": [{"position": p, "message": m} for p, m in result.problems],
    }
    return Status(200 if result.ok else 400, body)


# ---- submissions ----------------------------------------------------------------------------
class SubmissionOut(Schema):
    data_set: str
    period: str
    organisation_id: int
    organisation: str
    org_unit: str
    state: str
    updated: str


@api.get("/submissions", response=list[SubmissionOut], summary="Submissions and their state")
def submissions(request, period: str | None = None, limit: int = 1000, offset: int = 0):
    _need(request, "stats.view_submission")
    found = visible_submissions(request.user)
    if period:
        found = found.filter(period=period)
    limit = max(1, min(limit, MAX_LIMIT))
    return [
        {
            "data_set": s.data_set.code,
            "period": s.period,
            "organisation_id": s.organisation_id,
            "organisation": s.organisation.name,
            "org_unit": s.unit.code,
            "state": s.state,
            "updated": s.updated.isoformat(),
        }
        for s in found.order_by("-period", "pk")[max(0, offset) : max(0, offset) + limit]
    ]
