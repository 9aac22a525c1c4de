"""What the printable slips share: the agency and its desk, the QR code of the lookup address,
the dates in words."""

import math
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .calendar import add_working_days
from .models import Desk


def lookup_url(dossier) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{reverse('onestop:lookup')}?ma={dossier.code}"


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as inline SVG (no file, no external service)."""
    import segno

    qr = segno.make(text, error="m")
    return mark_safe(qr.svg_inline(scale=3, title=text))


def step_deadlines(dossier) -> dict[int, date]:
    """Each step's planned deadline: the working days of the procedure shared out by the steps'
    shares, counted from the receipt (or the restart after a supplement)."""
    start = dossier.received_on
    restart = (
        dossier.events.filter(kind="supplement_received")
        .order_by("-at")
        .values_list("at", flat=True)
    ).first()
    if restart is not None:
        start = timezone.localdate(restart)
    if start is None:
        return {}
    days = dossier.procedure.processing_days
    planned, share = {}, 0
    for step in dossier.procedure.steps.all():
        share += step.share
        planned[step.pk] = add_working_days(start, max(1, math.ceil(days * min(share, 100) / 100)))
    return planned


def control_rows(dossier) -> list[dict]:
    """The rows of the processing control slip: who handed what over when, and whether each step
    finished before, on or after its planned deadline."""
    planned = step_deadlines(dossier)
    rows = []
    for event in dossier.events.select_related("user", "organisation", "step"):
        due = planned.get(event.step_id) if event.step_id else event.due_date
        outcome = ""
        if event.step_id and due:
            done = timezone.localdate(event.at)
            outcome = _("Early") if done < due else _("On time") if done == due else _("Late")
        rows.append({"event": event, "due": due, "outcome": outcome})
    return rows


def print_context(dossier, title) -> dict:
    desk = Desk.objects.filter(organisation_id=dossier.agency_id).first()
    return {
        "dossier": dossier,
        "organisation": dossier.agency,
        "procedure": dossier.procedure,
        "title": title,
        "desk": desk,
        "qr": qr_svg(lookup_url(dossier)) if dossier.code else "",
        "documents": dossier.procedure.documents.all(),
        "files": dossier.files.select_related("document"),
        "events": dossier.events.select_related("user", "organisation", "step"),
        "control_rows": control_rows(dossier),
        "steps": dossier.procedure.steps.select_related("organisation"),
        "transfers": dossier.transfers.select_related("to_organisation"),
        "now": timezone.localtime(),
    }
