"""The sector dashboard of a quarter and its summary sentence, as the department's report
writes it: "Tổng doanh thu … quý I năm 2014 ước thực hiện được 971,8 tỷ đồng, đạt 30,95% kế
hoạch; …". Which elements play which part is configuration (``STATS_DASHBOARD``), not code."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from congso.core.text import format_number
from congso.directory.models import AdminUnit, Organisation

from . import charts, periods
from .models import DataElement, Indicator, Target, ValidationRule, normalised
from .pivot import Item, PivotData, format_value, parse_items, pivot_data
from .validation import run_rules

DEFAULT_PARTS = {
    "revenue": "REVENUE",
    "phone": "PHONE_SUBS",
    "phone_density": "PHONE_DENSITY",
    "internet": "INTERNET_SUBS",
    "internet_density": "INTERNET_DENSITY",
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def parts() -> dict[str, str]:
    return {**DEFAULT_PARTS, **getattr(settings, "STATS_DASHBOARD", {})}


def _key(code: str) -> str:
    if (
        Indicator.objects.filter(code=code).exists()
        and not DataElement.objects.filter(code=code).exists()
    ):
        return f"i:{code}"
    return f"e:{code}"


@dataclass
class Figure:
    part: str
    item: Item
    value: Decimal | None
    previous: Decimal | None
    last_year: Decimal | None
    trend: list[tuple[str, Decimal | None]]
    text: str = ""

    @property
    def growth_previous(self) -> Decimal | None:
        if self.value is None or not self.previous:
            return None
        return (self.value - self.previous) / self.previous * 100

    @property
    def growth_last_year(self) -> Decimal | None:
        if self.value is None or not self.last_year:
            return None
        return (self.value - self.last_year) / self.last_year * 100

    @property
    def value_text(self) -> str:
        return format_value(self.value, self.item.decimals)

    @property
    def previous_text(self) -> str:
        return format_value(self.previous, self.item.decimals)

    @property
    def last_year_text(self) -> str:
        return format_value(self.last_year, self.item.decimals)

    @property
    def chart(self):
        labels = [label for label, _v in self.trend]
        return charts.line_chart(
            self.item.label, labels, {self.item.label: [v for _l, v in self.trend]}
        )


@dataclass
class Dashboard:
    period: periods.Period
    area: AdminUnit | None
    figures: dict[str, Figure] = field(default_factory=dict)
    target: Decimal | None = None
    attainment: Decimal | None = None
    findings: list = field(default_factory=list)
    data: PivotData | None = None

    @property
    def attainment_text(self) -> str:
        return format_value(self.attainment, 2)

    @property
    def sentence(self) -> str:
        return summary_sentence(self)


def default_area(user) -> AdminUnit | None:
    from congso.directory.selectors import organisation_of

    organisation = organisation_of(user)
    if organisation is not None and organisation.admin_unit.level == AdminUnit.Level.PROVINCE:
        return organisation.admin_unit
    department = (
        Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT)
        .select_related("admin_unit")
        .first()
    )
    if department is not None:
        return department.admin_unit
    return AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).first()


def build(user, period: periods.Period, area: AdminUnit | None = None) -> Dashboard:
    area = area or default_area(user)
    board = Dashboard(period, area)
    if area is None:
        return board
    codes = parts()
    keys = {part: _key(code) for part, code in codes.items()}
    items = {item.key: item for item in parse_items(list(keys.values()))}
    trend = [period.shift(-k) for k in range(7, -1, -1)]
    shown = [period, period.previous(), period.same_period_last_year(), *trend]
    data = pivot_data(
        user,
        list(items.values()),
        sorted(set(shown)),
        level=area.level,
        area_ids=[area.pk],
    )
    board.data = data
    for part, key in keys.items():
        item = items.get(key)
        if item is None:
            continue
        board.figures[part] = Figure(
            part,
            item,
            data.get(item, period, area.pk),
            data.get(item, period.previous(), area.pk),
            data.get(item, period.same_period_last_year(), area.pk),
            [(p.label.replace("Quý ", ""), data.get(item, p, area.pk)) for p in trend],
        )
    revenue = board.figures.get("revenue")
    if revenue is not None and revenue.item.element is not None:
        board.target = (
            Target.objects.filter(element=revenue.item.element, year=period.year, unit=area)
            .values_list("value", flat=True)
            .first()
        )
        ytd = [data.get(revenue.item, p, area.pk) for p in period.year_to_date()]
        ytd = [v for v in ytd if v is not None]
        if board.target and ytd:
            board.attainment = sum(ytd, Decimal(0)) / board.target * 100
    rules = ValidationRule.objects.filter(period_type=period.type.value)
    board.findings = run_rules(rules, [period], [area])
    return board


def _number(value: Decimal | None, decimals: int | None = None) -> str:
    if value is None:
        return "…"
    return format_value(value, decimals)


def summary_sentence(board: Dashboard) -> str:
    """The report's sentence from the data; a part without data is left out."""
    period = board.period
    when = (
        f"quý {_ROMAN[period.index]} năm {period.year}"
        if period.type == periods.PeriodType.QUARTERLY
        else period.label.lower()
    )
    clauses = []
    revenue = board.figures.get("revenue")
    if revenue is not None and revenue.value is not None:
        element = revenue.item.element
        name = element.name if element else revenue.item.label
        name = name[:1].lower() + name[1:]
        # The element may be named "Tổng doanh thu …" already: the sentence says "Tổng" once.
        if not name.startswith("tổng "):
            name = f"tổng {name}"
        clause = (
            f"{name[:1].upper()}{name[1:]} {when} ước thực hiện được "
            f"{format_number(normalised(round(revenue.value, 2)))} {revenue.item.unit_of_measure}"
        )
        if board.attainment is not None:
            clause += f", đạt {format_number(round(board.attainment, 2), 2)}% kế hoạch"
        clauses.append(clause)
    for subs, density, words in (
        ("phone", "phone_density", "tổng số thuê bao điện thoại"),
        ("internet", "internet_density", "tổng số thuê bao internet"),
    ):
        figure = board.figures.get(subs)
        if figure is None or figure.value is None:
            continue
        clause = f"{words} đạt {format_number(normalised(round(figure.value, 0)))} thuê bao"
        dens = board.figures.get(density)
        if dens is not None and dens.value is not None:
            clause += f", mật độ {format_value(dens.value, dens.item.decimals)} thuê bao/100 dân"
        clauses.append(clause)
    if not clauses:
        return ""
    text = "; ".join(clauses) + "."
    return text[:1].upper() + text[1:]
