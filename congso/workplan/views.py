"""The public addresses of the work programme: the private calendar feed."""

from django.http import Http404, HttpResponse

from .calendar import ics
from .models import CalendarToken


def calendar_feed(request, token: str):
    """The deadlines of the feed's organisation or person; a revoked or unknown token is 404."""
    found = (
        CalendarToken.objects.select_related("organisation", "person")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if found is None:
        raise Http404
    response = HttpResponse(ics(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="han-nhiem-vu.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
