"""What the printable slips share: the agency and its desk, the QR code of the lookup address,
the dates in words."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from .models import Desk


def lookup_url(dossier) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{reverse('onestop:lookup')}?ma={dossier.code}"


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as inline SVG (no file, no external service)."""
    import segno

    qr = segno.make(text, error="m")
    return mark_safe(qr.svg_inline(scale=3, title=text))


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
        "steps": dossier.procedure.steps.select_related("organisation"),
        "transfers": dossier.transfers.select_related("to_organisation"),
        "now": timezone.localtime(),
    }
