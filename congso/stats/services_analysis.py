"""Writes of the analysis layer: asking for a quarterly report (the worker writes it)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.actors import Actor, audit
from congso.directory.selectors import organisation_of, user_scope

from . import periods
from .models_analytics import ReportRequest
from .report_tasks import write_report

VIEW_ANALYSIS = "stats.view_datavalue"


def report_signers():
    """Who may sign the report: the people of the issuing organisation."""
    from congso.directory.models import Person

    from .report import issuing_organisation

    organisation = issuing_organisation()
    if organisation is None:
        return Person.objects.none()
    return Person.objects.filter(organisation=organisation).order_by("sort_name")


@transaction.atomic
def report_request_create(
    *, user: Actor, period: str, number: str = "", signer_id: int | str | None = None
) -> ReportRequest:
    """Record the request and hand it to the worker once the request is committed; a bad
    quarter is a :class:`~.periods.PeriodError` with a Vietnamese message, nothing stored.
    ``signer_id``: a person of the issuing organisation (:func:`report_signers`), or none."""
    if not user.has_perm(VIEW_ANALYSIS):
        raise PermissionDenied(_("You do not have permission to do this."))
    user_scope(user)  # the report reads the figures within the user's scope
    period_obj = periods.parse(period)
    if period_obj.type != periods.PeriodType.QUARTERLY:
        raise periods.PeriodError(_("Choose a quarter, for example 2014Q1."))
    signer = None
    if signer_id not in (None, ""):
        signer = report_signers().filter(pk=int(signer_id) if str(signer_id).isdigit() else 0)
        signer = signer.first()
        if signer is None:
            raise ValidationError(
                _("Choose the signer among the people of the issuing organisation.")
            )
    account = user if getattr(user, "pk", None) else None
    request = ReportRequest.objects.create(
        period=period_obj.id,
        number=(number or "").strip()[:50],
        requested_by=account,
        organisation=organisation_of(user) if account else None,
        signer=signer,
        created=timezone.now(),
    )
    audit(request, "wagtail.create", user=user)
    transaction.on_commit(lambda: write_report.enqueue(request.pk))
    return request
