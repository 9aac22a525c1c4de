"""Statistics of a portal's views and satisfaction ratings, with charts drawn on the server
as SVG (no script, nothing from elsewhere)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from congso.core.text import format_number

from ..models.rating import PageStat
from ..selectors_pages import portals_with_stats, site_stats

VIEW_STATS = "portal.view_pagestat"
PERIODS = (30, 90, 365)
CHART_WIDTH, CHART_HEIGHT, MARGIN = 720, 220, 40


def views_chart(days: list[dict], title: str) -> SafeString:
    """One bar per day, scaled to the busiest day, with the maximum marked on the axis."""
    top = max((row["views"] for row in days), default=0) or 1
    width = (CHART_WIDTH - MARGIN) / max(len(days), 1)
    plot = CHART_HEIGHT - MARGIN
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#0d3b78"><title>{}: {}</title></rect>',
        (
            (
                f"{MARGIN + index * width:.1f}",
                f"{plot - plot * row['views'] / top + 10:.1f}",
                f"{max(width - 1, 0.5):.1f}",
                f"{plot * row['views'] / top:.1f}",
                row["day"].strftime("%d/%m/%Y"),
                format_number(row["views"]),
            )
            for index, row in enumerate(days)
        ),
    )
    first, last = days[0]["day"], days[-1]["day"]
    return format_html(
        '<svg class="portal-chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="views-chart-title">'
        '<title id="views-chart-title">{title}</title>'
        '<line x1="{m}" y1="10" x2="{m}" y2="{base}" stroke="#4a5566"/>'
        '<line x1="{m}" y1="{base}" x2="{w}" y2="{base}" stroke="#4a5566"/>'
        '<text x="{tx}" y="18" font-size="12" text-anchor="end" fill="#1c2430">{top}</text>'
        '<text x="{tx}" y="{base}" font-size="12" text-anchor="end" fill="#1c2430">0</text>'
        "{bars}"
        '<text x="{m}" y="{label}" font-size="12" fill="#1c2430">{first}</text>'
        '<text x="{w}" y="{label}" font-size="12" text-anchor="end" fill="#1c2430">{last}</text>'
        "</svg>",
        w=CHART_WIDTH,
        h=CHART_HEIGHT,
        m=MARGIN,
        tx=MARGIN - 4,
        base=plot + 10,
        label=CHART_HEIGHT - 8,
        title=title,
        top=format_number(top),
        bars=bars,
        first=first.strftime("%d/%m/%Y"),
        last=last.strftime("%d/%m/%Y"),
    )


def ratings_chart(totals: dict, title: str) -> SafeString:
    """One horizontal bar per level of satisfaction, with its count and share."""
    levels = [
        ("very_satisfied", PageStat.Level.VERY_SATISFIED.label, "#1d6b35"),
        ("satisfied", PageStat.Level.SATISFIED.label, "#0d3b78"),
        ("not_satisfied", PageStat.Level.NOT_SATISFIED.label, "#9b1016"),
    ]
    total = totals["ratings"] or 1
    left, span, row_height = 170, 420, 34
    rows = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="13" text-anchor="end" fill="#1c2430">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="20" fill="{}"/>'
        '<text x="{}" y="{}" font-size="13" fill="#1c2430">{} ({} %)</text>',
        (
            (
                left - 8,
                20 + index * row_height + 15,
                label,
                left,
                20 + index * row_height,
                f"{span * totals[key] / total:.1f}",
                colour,
                f"{left + span * totals[key] / total + 6:.1f}",
                20 + index * row_height + 15,
                format_number(totals[key]),
                format_number(round(100 * totals[key] / total, 1)),
            )
            for index, (key, label, colour) in enumerate(levels)
        ),
    )
    return format_html(
        '<svg class="portal-chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="ratings-chart-title">'
        '<title id="ratings-chart-title">{title}</title>{rows}</svg>',
        w=CHART_WIDTH,
        h=20 + 3 * row_height,
        title=title,
        rows=rows,
    )


def statistics_view(request):
    """Views and ratings of one portal the user may see, over the last 30, 90 or 365 days."""
    if not request.user.has_perm(VIEW_STATS):
        raise PermissionDenied
    portals = list(portals_with_stats(request.user))
    if not portals:
        raise Http404(_("You may see no portal."))
    chosen = request.GET.get("portal", "")
    portal = next((p for p in portals if str(p.pk) == chosen), portals[0])
    try:
        period = int(request.GET.get("days", PERIODS[0]))
    except ValueError:
        period = PERIODS[0]
    if period not in PERIODS:
        period = PERIODS[0]
    end = timezone.localdate()
    start = end - dt.timedelta(days=period - 1)
    stats = site_stats(portal, start, end)
    heading = _("Views per day, %(start)s – %(end)s") % {
        "start": start.strftime("%d/%m/%Y"),
        "end": end.strftime("%d/%m/%Y"),
    }
    return TemplateResponse(
        request,
        "portal/backoffice/statistics.html",
        {
            "page_title": _("Portal statistics"),
            "header_icon": "table",
            "portals": portals,
            "portal": portal,
            "period": period,
            "periods": PERIODS,
            "stats": stats,
            "totals": {k: format_number(v) for k, v in stats.totals.items()},
            "views_chart": views_chart(stats.days, heading),
            "ratings_chart": ratings_chart(stats.totals, _("Satisfaction ratings")),
            "views_heading": heading,
        },
    )
