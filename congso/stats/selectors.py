"""Reads of sector statistics that scope or join: what a user may see, a data set's form for a
period and an organisation, a value's history."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from congso.directory.models import Organisation
from congso.directory.selectors import Scope, user_scope

from . import periods
from .models import (
    ApiToken,
    DataElement,
    DataSet,
    DataSetReporter,
    DataValue,
    DataValueChange,
    Disaggregation,
    Indicator,
    Submission,
    Target,
    ValidationRule,
)


# ---- metadata: reference data every role that may view it sees whole -----------------
def visible_elements(user) -> QuerySet[DataElement]:
    return DataElement.objects.all()


def visible_disaggregations(user) -> QuerySet[Disaggregation]:
    return Disaggregation.objects.all()


def visible_indicators(user) -> QuerySet[Indicator]:
    return Indicator.objects.all()


def visible_targets(user) -> QuerySet[Target]:
    return Target.objects.all()


def visible_rules(user) -> QuerySet[ValidationRule]:
    return ValidationRule.objects.all()


def visible_data_sets(user) -> QuerySet[DataSet]:
    """Data sets are public metadata; which forms a user may fill is :func:`reporting_for`."""
    return DataSet.objects.all()


# ---- what a user reports and sees of the figures --------------------------------------
def _organisation_filter(scope: Scope, prefix: str = "") -> Q:
    """Rows of organisations the scope covers; a territorial body also every row reported
    for a unit of its territory."""
    q = Q(**{f"{prefix}organisation__in": scope.organisations.values("pk")})
    if scope.organisation is not None and scope.organisation.is_territorial:
        q |= Q(**{f"{prefix}unit__in": scope.units.values("pk")})
    return q


def reporting_for(user, scope: Scope | None = None) -> QuerySet[DataSetReporter]:
    """The (data set, organisation, unit) forms the user may open."""
    scope = scope or user_scope(user)
    qs = DataSetReporter.objects.select_related("data_set", "organisation", "unit")
    if scope.everything:
        return qs
    return qs.filter(_organisation_filter(scope))


def visible_submissions(user) -> QuerySet[Submission]:
    scope = user_scope(user)
    qs = Submission.objects.select_related("data_set", "organisation", "unit")
    if scope.everything:
        return qs
    if scope.organisation is None:
        return qs.none()
    return qs.filter(_organisation_filter(scope))


def visible_values(user) -> QuerySet[DataValue]:
    scope = user_scope(user)
    if scope.everything:
        return DataValue.objects.all()
    if scope.organisation is None:
        return DataValue.objects.none()
    return DataValue.objects.filter(_organisation_filter(scope))


def visible_tokens(user) -> QuerySet[ApiToken]:
    """Tokens of the accounts of the organisations the user may see (their own included)."""
    scope = user_scope(user)
    if scope.everything:
        return ApiToken.objects.select_related("user")
    return ApiToken.objects.select_related("user").filter(
        Q(user_id=getattr(user, "pk", None))
        | Q(user__person__organisation__in=scope.organisations.values("pk"))
    )


def value_history(value: DataValue) -> QuerySet[DataValueChange]:
    return DataValueChange.objects.filter(data_value=value).select_related("changed_by")


# ---- the data-entry form ---------------------------------------------------------------
@dataclass
class Cell:
    element: DataElement
    option_id: int | None
    value: DataValue | None = None
    previous: Decimal | None = None
    changes: list[DataValueChange] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.element.pk}-{self.option_id or 0}"

    @property
    def history(self) -> list[dict]:
        """Every change of the value, newest first; a value stored by an import, which keeps
        no change row for a creation, begins with its storing."""
        lines = [
            {
                "at": c.changed,
                "who": c.changed_by,
                "what": c.get_action_display(),
                "old": c.old_value,
                "new": c.new_value,
                "comment": c.new_comment,
            }
            for c in sorted(self.changes, key=lambda c: (c.changed, c.pk), reverse=True)
        ]
        value = self.value
        if value is not None and not any(c.action == "create" for c in self.changes):
            first = min(self.changes, key=lambda c: (c.changed, c.pk)) if self.changes else None
            lines.append(
                {
                    "at": value.created,
                    "who": value.created_by,
                    "what": value.get_source_display(),
                    "old": None,
                    "new": first.old_value if first else value.value,
                    "comment": first.old_comment if first else value.comment,
                }
            )
        return lines


@dataclass
class FormRow:
    element: DataElement
    cells: list[Cell | None]


@dataclass
class EntryForm:
    data_set: DataSet
    reporter: DataSetReporter
    period: periods.Period
    submission: Submission | None
    columns: list[tuple[int | None, str]]  # (option id, heading); (None, "") for a total
    rows: list[FormRow]

    @property
    def missing(self) -> list[Cell]:
        return [c for row in self.rows for c in row.cells if c is not None and c.value is None]

    @property
    def deadline(self) -> date:
        return self.data_set.deadline(self.period)

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days

    @property
    def locked(self) -> bool:
        return self.submission is not None and self.submission.is_locked


def entry_form(reporter: DataSetReporter, period: periods.Period) -> EntryForm:
    """The grid of a data set for a period and a reporting organisation: one row per element,
    one column per disaggregation option (the union of the elements' options, in order),
    each cell with its value, last period's value and its changes. A constant number of
    queries whatever the size of the form."""
    data_set = reporter.data_set
    elements = list(
        data_set.elements.select_related("disaggregation")
        .prefetch_related("disaggregation__options")
        .order_by("sort_name", "code")
    )
    columns: list[tuple[int | None, str]] = []
    seen: set = set()
    for element in elements:
        options = list(element.disaggregation.options.all()) if element.disaggregation else []
        for option in options or [None]:
            key = option.pk if option else None
            if key not in seen:
                seen.add(key)
                columns.append((key, option.name if option else ""))
    base = DataValue.objects.filter(
        organisation=reporter.organisation, unit=reporter.unit, element__in=elements
    )
    previous_period = period.previous()
    current = {
        (v.element_id, v.option_id): v
        for v in base.filter(period=period.id).select_related("created_by")
    }
    previous = {
        (v.element_id, v.option_id): v.value
        for v in base.filter(period=previous_period.id).only("element", "option", "value")
    }
    changes: dict[int, list[DataValueChange]] = {}
    for change in DataValueChange.objects.filter(
        data_value__in=[v.pk for v in current.values()]
    ).select_related("changed_by"):
        changes.setdefault(change.data_value_id, []).append(change)
    rows = []
    for element in elements:
        option_ids = (
            [o.pk for o in element.disaggregation.options.all()]
            if element.disaggregation
            else [None]
        )
        cells = []
        for option_id, _heading in columns:
            if option_id not in option_ids:
                cells.append(None)  # no such option for this element: an empty slot
                continue
            value = current.get((element.pk, option_id))
            cells.append(
                Cell(
                    element,
                    option_id,
                    value,
                    previous.get((element.pk, option_id)),
                    changes.get(value.pk, []) if value else [],
                )
            )
        rows.append(FormRow(element, cells))
    submission = Submission.objects.filter(
        data_set=data_set, period=period.id, organisation=reporter.organisation
    ).first()
    return EntryForm(data_set, reporter, period, submission, columns, rows)


def reporter_of(data_set: DataSet, organisation: Organisation) -> DataSetReporter | None:
    return (
        DataSetReporter.objects.select_related("data_set", "organisation", "unit")
        .filter(data_set=data_set, organisation=organisation)
        .first()
    )
