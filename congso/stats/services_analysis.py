"""Writes of the analysis layer: asking for a quarterly report (the worker writes it)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.actors import Actor, audit
from congso.directory.selectors import organisation_of, user_scope

from . import periods
from .models_analytics import ReportRequest
from .report_tasks import write_report

VIEW_ANALYSIS = "stats.view_datavalue"


@transaction.atomic
def report_request_create(*, user: Actor, period: str, number: str = "") -> ReportRequest:
    """Record the request and hand it to the worker once the request is committed; a bad
    quarter is a :class:`~.periods.PeriodError` with a Vietnamese message, nothing stored."""
    if not user.has_perm(VIEW_ANALYSIS):
        raise PermissionDenied(_("You do not have permission to do this."))
    user_scope(user)  # the report reads the figures within the user's scope
    period_obj = periods.parse(period)
    if period_obj.type != periods.PeriodType.QUARTERLY:
        raise periods.PeriodError(_("Choose a quarter, for example 2014Q1."))
    account = user if getattr(user, "pk", None) else None
    request = ReportRequest.objects.create(
        period=period_obj.id,
        number=(number or "").strip()[:50],
        requested_by=account,
        organisation=organisation_of(user) if account else None,
        created=timezone.now(),
    )
    audit(request, "wagtail.create", user=user)
    transaction.on_commit(lambda: write_report.enqueue(request.pk))
    return request
