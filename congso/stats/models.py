"""Sector statistics, after DHIS2's aggregate data model made simpler: data elements with an
optional one-dimensional disaggregation, data sets reported by directory organisations for an
administrative unit, data values keyed by element, option, period, unit and reporting
organisation, every change of a value kept, targets, indicators, validation rules, and the
approval of a data set's figures in levels (submitted, approved, accepted).

One module for the aggregate data model: its tables reference one another throughout;
the analysis tables live in ``models_analytics.py``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congso.core.text import fold, format_number, sort_length, sort_text
from congso.directory.models import AdminUnit, Organisation

from . import periods

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,49}$",
    _("A code has letters without accents, digits, “_” or “-” (at most 50)."),
)

#: values are stored with this precision (24 digits, 6 after the decimal comma)
VALUE_DIGITS, VALUE_DECIMALS = 24, 6


class PeriodType(models.TextChoices):
    MONTHLY = periods.PeriodType.MONTHLY.value, _("Monthly")
    QUARTERLY = periods.PeriodType.QUARTERLY.value, _("Quarterly")
    SIXMONTHLY = periods.PeriodType.SIXMONTHLY.value, _("Six-monthly")
    YEARLY = periods.PeriodType.YEARLY.value, _("Yearly")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    LAST = "last", _("Last value")
    AVERAGE = "average", _("Average")


class Disaggregation(models.Model):
    """A category combination of one dimension: ADSL / FTTH / wireless; fixed / mobile."""

    code = models.CharField(_("code"), max_length=50, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.name} {self.code}")


class DisaggregationOption(models.Model):
    disaggregation = models.ForeignKey(
        Disaggregation, on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("code"), max_length=50, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("disaggregation option")
        verbose_name_plural = _("disaggregation options")
        ordering = ["disaggregation", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["disaggregation", "code"], name="stats_option_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DataElement(models.Model):
    class ValueType(models.TextChoices):
        INTEGER = "integer", _("Whole number")
        NUMBER = "number", _("Number")
        PERCENTAGE = "percentage", _("Percentage")

    code = models.CharField(_("code"), max_length=50, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    unit_of_measure = models.CharField(
        _("unit of measure"), max_length=50, help_text=_("thuê bao, triệu đồng, tỷ đồng, %, người…")
    )
    value_type = models.CharField(
        _("value type"), max_length=20, choices=ValueType.choices, default=ValueType.NUMBER
    )
    time_aggregation = models.CharField(
        _("aggregation over time"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_("Sum for flows (revenue); last value for stocks (cumulative subscribers)."),
    )
    unit_aggregation = models.CharField(
        _("aggregation over units"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    disaggregation = models.ForeignKey(
        Disaggregation,
        verbose_name=_("disaggregation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elements",
    )
    national_code = models.CharField(
        _("national indicator code"),
        max_length=50,
        blank=True,
        help_text=_("Code in the ministry's ICT indicator system, where there is one."),
    )
    itu_code = models.CharField(_("ITU code"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)
    search_text = models.CharField(max_length=500, editable=False, db_index=True, default="")
    sort_name = models.CharField(max_length=sort_length(255), editable=False, default="")

    class Meta:
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")
        ordering = ["sort_name", "code"]

    def __str__(self) -> str:
        return self.name

    def fill_derived(self) -> None:
        self.search_text = fold(
            " ".join([self.name, self.short_name, self.code, self.national_code, self.itu_code])
        )
        self.sort_name = sort_text(self.name)

    @property
    def decimals(self) -> int | None:
        return 0 if self.value_type == self.ValueType.INTEGER else None


class DataSet(models.Model):
    code = models.CharField(_("code"), max_length=50, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=255)
    period_type = models.CharField(_("period type"), max_length=12, choices=PeriodType.choices)
    elements = models.ManyToManyField(
        DataElement, verbose_name=_("data elements"), related_name="data_sets"
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline (days after the period ends)"), default=15
    )
    approver = models.ForeignKey(
        Organisation,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="approved_data_sets",
        help_text=_("The department's division that approves the figures."),
    )
    description = models.TextField(_("description"), blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.name} {self.code}")

    def deadline(self, period: periods.Period):
        from datetime import timedelta

        return period.end + timedelta(days=self.deadline_days)


class DataSetReporter(models.Model):
    """An organisation that reports a data set, and the administrative unit it reports for."""

    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="reporters")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="stats_reporting",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("reports for"),
        on_delete=models.PROTECT,
        related_name="stats_reporters",
    )

    class Meta:
        verbose_name = _("reporting organisation")
        verbose_name_plural = _("reporting organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "organisation"], name="stats_reporter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.unit}"


class DataValueSource(models.TextChoices):
    ENTRY = "entry", _("Data entry")
    IMPORT = "import", _("Import")
    API = "api", _("API")
    SAMPLE = "sample", _("Sample data")
    DERIVED = "derived", _("Derived")


class DataValue(models.Model):
    """One figure. The key is (reporting organisation, unit, element, period, option); the
    period's type and dates are stored beside its id so that aggregation filters on ranges."""

    # No index of their own on the keys: the unique keys below serve every read that names
    # the organisation, and every index costs a million-row import its time.
    # No database constraint either: an import checks every key itself (stats.imports,
    # against what the organisation reports) and the database's own check of the four keys
    # costs each row four index look-ups: measured with bench/bench_stats_import.py on
    # PostgreSQL (300.000 rows, same run), storing took 17,9 s with the constraints against
    # 5,3 s without (COPY into the table: 13,8 s against 4,9 s), which alone breaks the
    # import's target of 3 × COPY. PROTECT still guards deletion through the ORM.
    element = models.ForeignKey(
        DataElement,
        on_delete=models.PROTECT,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    option = models.ForeignKey(
        DisaggregationOption,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    period = models.CharField(_("period"), max_length=8)
    period_type = models.CharField(_("period type"), max_length=12, choices=PeriodType.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="stats_values",
        db_index=False,
        db_constraint=False,
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="stats_values",
        db_index=False,
        db_constraint=False,
    )
    value = models.DecimalField(_("value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=DataValueSource.choices, default=DataValueSource.ENTRY
    )
    created = models.DateTimeField(_("stored"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    updated = models.DateTimeField(_("updated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            # NULL options are not equal to each other in a unique index: two partial indexes
            # make the key unique on every database, and serve ON CONFLICT on PostgreSQL.
            # Organisation first: values arrive an organisation at a time (its forms, its
            # imports) and are read so (its form, its scope, its history, the outliers of its
            # form, the approval of its submission), so one key serves all of that and no
            # other index is needed; and an import's rows, sorted, land side by side instead
            # of all over an element-first key. Measured on PostgreSQL, a million rows
            # inserted in a file's order: 13,8–14,7 s with the element-first keys and an
            # (organisation, period) index, 6,0–6,8 s with these keys alone, 3,2–3,3 s with
            # the primary key only. Validation of a unit as a whole looks up first which
            # organisations report for it; analysis reads its own tables (models_analytics);
            # only the API asked for an element across every organisation reads the table
            # through.
            models.UniqueConstraint(
                fields=["organisation", "unit", "element", "period", "option"],
                condition=Q(option__isnull=False),
                name="stats_value_key",
            ),
            models.UniqueConstraint(
                fields=["organisation", "unit", "element", "period"],
                condition=Q(option__isnull=True),
                name="stats_value_key_no_option",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element.code} {self.period} {format_number(self.value_display)}"

    @property
    def period_obj(self) -> periods.Period:
        return periods.parse(self.period)

    @property
    def value_display(self) -> Decimal:
        return normalised(self.value)

    def fill_derived(self) -> None:
        period = periods.parse(self.period)
        self.period = period.id
        self.period_type = period.type.value
        self.period_start = period.start
        self.period_end = period.end


def normalised(value: Decimal | None) -> Decimal | None:
    """A stored value without the trailing zeros of its column (971.800000 -> 971.8)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


class DataValueChange(models.Model):
    """One change of a value: who, when, the old and the new value and comment."""

    class Action(models.TextChoices):
        CREATE = "create", _("entered")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    data_value = models.ForeignKey(
        DataValue, null=True, on_delete=models.SET_NULL, related_name="changes", db_index=False
    )
    # the key, kept when a value is deleted
    element = models.ForeignKey(
        DataElement, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    option = models.ForeignKey(
        DisaggregationOption,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    period = models.CharField(_("period"), max_length=8)
    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    old_value = models.DecimalField(
        _("old value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS, null=True
    )
    new_value = models.DecimalField(
        _("new value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS, null=True
    )
    old_comment = models.CharField(_("old comment"), max_length=1000, blank=True)
    new_comment = models.CharField(_("new comment"), max_length=1000, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=DataValueSource.choices)
    changed = models.DateTimeField(_("changed at"), db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("change of a data value")
        verbose_name_plural = _("changes of data values")
        ordering = ["-changed", "-pk"]
        indexes = [
            models.Index(fields=["data_value", "changed"], name="stats_change_value"),
            models.Index(fields=["element", "period"], name="stats_change_key"),
        ]

    def __str__(self) -> str:
        return f"{self.element_id} {self.period}: {self.old_value} → {self.new_value}"


class Target(models.Model):
    """A year's target (kế hoạch) for an element and a unit."""

    element = models.ForeignKey(
        DataElement,
        verbose_name=_("data element"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("target"), max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS)
    note = models.CharField(_("note"), max_length=500, blank=True)
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "element__sort_name"]
        constraints = [
            models.UniqueConstraint(fields=["element", "year", "unit"], name="stats_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.element} {self.year}: {format_number(normalised(self.value))}"

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.element.name} {self.element.code} {self.year}")


class Indicator(models.Model):
    """numerator ÷ denominator × factor, each side an expression (stats.expressions)."""

    code = models.CharField(_("code"), max_length=50, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=255)
    numerator = models.CharField(_("numerator"), max_length=2000)
    denominator = models.CharField(_("denominator"), max_length=2000, default="1")
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=4, default=1)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=2)
    national_code = models.CharField(_("national indicator code"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.name} {self.code} {self.national_code}")


class ValidationRule(models.Model):
    class Operator(models.TextChoices):
        EQUAL = "==", "="
        NOT_EQUAL = "!=", "≠"
        LESS = "<", "<"
        LESS_EQUAL = "<=", "≤"
        GREATER = ">", ">"
        GREATER_EQUAL = ">=", "≥"

    class Missing(models.TextChoices):
        SKIP_IF_ANY = "skip_if_any", _("Skip if any value is missing")
        SKIP_IF_ALL = "skip_if_all", _("Skip if all values are missing")
        NEVER_SKIP = "never_skip", _("Never skip (missing counts as zero)")

    class Importance(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    code = models.CharField(_("code"), max_length=50, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=255)
    instruction = models.CharField(_("instruction"), max_length=500, blank=True)
    left = models.CharField(_("left side"), max_length=2000)
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("right side"), max_length=2000)
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=12,
        decimal_places=4,
        default=0,
        help_text=_("For “=”: the sides may differ by this much (rounded figures)."),
    )
    missing_value_strategy = models.CharField(
        _("missing values"), max_length=12, choices=Missing.choices, default=Missing.SKIP_IF_ANY
    )
    importance = models.CharField(
        _("importance"), max_length=6, choices=Importance.choices, default=Importance.MEDIUM
    )
    period_type = models.CharField(_("period type"), max_length=12, choices=PeriodType.choices)
    data_set = models.ForeignKey(
        DataSet,
        verbose_name=_("data set"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="validation_rules",
        help_text=_("Checked when this data set is submitted; empty: run on demand only."),
    )
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.name} {self.code}")


class Submission(models.Model):
    """The state of a data set's figures for a period and a reporting organisation."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        ACCEPTED = "accepted", _("Accepted")

    #: approval levels: 0 draft, 1 submitted by the reporter, 2 approved by the division,
    #: 3 accepted by the leadership
    LEVELS = {State.DRAFT: 0, State.SUBMITTED: 1, State.APPROVED: 2, State.ACCEPTED: 3}
    LOCKED = frozenset({State.APPROVED, State.ACCEPTED})

    data_set = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="submissions")
    period = models.CharField(_("period"), max_length=8)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="stats_submissions"
    )
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Why the figures stand despite a high-importance validation finding."),
    )
    submitted = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-period", "data_set", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "period", "organisation"], name="stats_submission_unique"
            )
        ]
        indexes = [models.Index(fields=["period", "state"], name="stats_submission_state")]
        permissions = [
            ("approve_submission", _("Can approve submitted statistics")),
            ("accept_submission", _("Can accept approved statistics")),
        ]

    def __str__(self) -> str:
        return f"{self.data_set} — {self.period_label} — {self.organisation}"

    @property
    def period_label(self) -> str:
        return periods.label(self.period)

    @property
    def level(self) -> int:
        return self.LEVELS[self.state]

    @property
    def is_locked(self) -> bool:
        return self.state in self.LOCKED


class SubmissionEvent(models.Model):
    """The history of a submission: each submit, approve, accept and unapprove."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("submitted")
        APPROVE = "approve", _("approved")
        ACCEPT = "accept", _("accepted")
        UNAPPROVE = "unapprove", _("unapproved")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_state = models.CharField(max_length=10, choices=Submission.State.choices)
    to_state = models.CharField(max_length=10, choices=Submission.State.choices)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("approval event")
        verbose_name_plural = _("approval events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.get_action_display()}"


class ApiToken(models.Model):
    """A token a reporting system uses for the REST API, acting as its user; revocable. Only a
    hash of the token is stored: the token itself is shown once, when it is made."""

    name = models.CharField(_("name"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.CASCADE,
        related_name="stats_tokens",
    )
    prefix = models.CharField(_("prefix"), max_length=12, editable=False, db_index=True)
    digest = models.CharField(max_length=64, editable=False, unique=True)
    created = models.DateTimeField(_("created"), editable=False)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def fill_derived(self) -> None:
        self.search_text = fold(self.name)

    @property
    def is_active(self) -> bool:
        return self.revoked is None


from . import models_analytics  # noqa: E402, F401  the analysis tables
