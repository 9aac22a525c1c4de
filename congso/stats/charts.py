"""Charts drawn on the server as SVG: no script, no CDN, nothing for the content security
policy to refuse; the same markup serves the back office, the portal, the Word report (as a
PNG-free table beside it) and the PDF. Each chart is an image with a title for screen readers."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from congso.core.text import format_number

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 280, 70, 40, 20
PALETTE = ("#1f5f99", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#00838f")


def _fmt(value: float) -> str:
    if abs(value) >= 100:
        return format_number(round(Decimal(value)))
    return format_number(round(Decimal(value), 2))


def _frame(title: str, body: list[str], width: int = WIDTH, height: int = HEIGHT) -> SafeString:
    title = escape(title)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stats-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{title}">'
        f"<title>{title}</title>" + "".join(body) + "</svg>"
    )


def _scale(values: list[float]) -> tuple[float, float]:
    top = max([v for v in values if v is not None] + [0]) or 1
    bottom = min([v for v in values if v is not None] + [0])
    return bottom, top


def _axes(labels: list[str], bottom: float, top: float) -> list[str]:
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    parts = [
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP}" x2="{PAD_LEFT}" y2="{HEIGHT - PAD_BOTTOM}" '
        f'stroke="#555"/>',
        f'<line x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH - 10}" '
        f'y2="{HEIGHT - PAD_BOTTOM}" stroke="#555"/>',
    ]
    for step in range(5):
        value = bottom + (top - bottom) * step / 4
        y = HEIGHT - PAD_BOTTOM - plot_h * step / 4
        parts.append(
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
            f"{escape(_fmt(value))}</text>"
        )
    return parts


def _x(i: int, n: int) -> float:
    plot_w = WIDTH - PAD_LEFT - 20
    return PAD_LEFT + plot_w * (i + 0.5) / max(n, 1)


def _y(value: float, bottom: float, top: float) -> float:
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    return HEIGHT - PAD_BOTTOM - plot_h * (value - bottom) / ((top - bottom) or 1)


def _labels(labels: list[str]) -> list[str]:
    n = len(labels)
    every = max(1, n // 10)
    return [
        f'<text x="{_x(i, n):.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" font-size="11" '
        f'text-anchor="middle">{escape(label)}</text>'
        for i, label in enumerate(labels)
        if i % every == 0
    ]


def line_chart(title: str, labels: list[str], series: dict[str, list]) -> SafeString:
    """One line per series; None leaves a gap."""
    all_values = [float(v) for values in series.values() for v in values if v is not None]
    bottom, top = _scale(all_values)
    body = _axes(labels, bottom, top) + _labels(labels)
    for k, (name, values) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        points = [
            f"{_x(i, len(labels)):.1f},{_y(float(v), bottom, top):.1f}"
            for i, v in enumerate(values)
            if v is not None
        ]
        if points:
            body.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                f'points="{" ".join(points)}"/>'
            )
            for point in points:
                x, y = point.split(",")
                body.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>')
        body.append(
            f'<text x="{PAD_LEFT + 10 + 160 * k}" y="{PAD_TOP - 5}" font-size="12" '
            f'fill="{colour}">{escape(name)}</text>'
        )
    return _frame(title, body)


def bar_chart(title: str, labels: list[str], values: list) -> SafeString:
    numbers = [float(v) if v is not None else None for v in values]
    bottom, top = _scale(numbers)
    body = _axes(labels, bottom, top) + _labels(labels)
    n = len(labels)
    width = (WIDTH - PAD_LEFT - 20) / max(n, 1) * 0.7
    for i, v in enumerate(numbers):
        if v is None:
            continue
        y, zero = _y(v, bottom, top), _y(0, bottom, top)
        body.append(
            f'<rect x="{_x(i, n) - width / 2:.1f}" y="{min(y, zero):.1f}" width="{width:.1f}" '
            f'height="{abs(zero - y):.1f}" fill="{PALETTE[0]}"><title>{escape(labels[i])}: '
            f"{escape(_fmt(v))}</title></rect>"
        )
    return _frame(title, body)


def tile_map(title: str, tiles: list[tuple[str, object]], columns: int = 6) -> SafeString:
    """Units as tiles shaded by their value (a map without shapes): readable at any size."""
    numbers = [float(v) for _name, v in tiles if v is not None]
    top = max(numbers) if numbers else 1
    size_w, size_h = 150, 56
    rows = (len(tiles) + columns - 1) // columns or 1
    body = []
    for i, (name, v) in enumerate(tiles):
        x, y = (i % columns) * (size_w + 4), (i // columns) * (size_h + 4)
        share = float(v) / top if v is not None and top else 0
        light = int(95 - 55 * share)
        fill = f"hsl(210,60%,{light}%)" if v is not None else "#eee"
        ink = "#fff" if light < 60 else "#111"
        body.append(
            f'<rect x="{x}" y="{y}" width="{size_w}" height="{size_h}" fill="{fill}"/>'
            f'<text x="{x + 6}" y="{y + 20}" font-size="12" fill="{ink}">'
            f"{escape(name[:22])}</text>"
            f'<text x="{x + 6}" y="{y + 42}" font-size="14" font-weight="bold" fill="{ink}">'
            f"{escape(_fmt(float(v)) if v is not None else '—')}</text>"
        )
    return _frame(title, body, width=columns * (size_w + 4), height=rows * (size_h + 4))
