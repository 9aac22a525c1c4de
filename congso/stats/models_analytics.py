"""Tables of the analysis layer, kept fresh by :func:`congso.stats.analytics.values_changed`:
the approved values (one row per approved figure), their rollups up today's map, the map of
each unit onto today's map, and the quarterly report requests the worker fulfils."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congso.directory.models import AdminUnit, Organisation

from .models import VALUE_DECIMALS, VALUE_DIGITS, DataElement, DisaggregationOption, PeriodType


class ApprovedValue(models.Model):
    """An approved (or accepted) figure, copied in the approval's transaction: the pivot
    reads these, never a draft."""

    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(
        DisaggregationOption, null=True, on_delete=models.CASCADE, related_name="+"
    )
    period_type = models.CharField(max_length=12, choices=PeriodType.choices)
    period_start = models.DateField()
    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS)

    class Meta:
        verbose_name = _("approved value")
        verbose_name_plural = _("approved values")
        indexes = [
            models.Index(fields=["element", "period_start", "unit"], name="stats_av_element"),
            models.Index(fields=["organisation", "period_start"], name="stats_av_org"),
            models.Index(fields=["unit", "period_start"], name="stats_av_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.element_id} {self.period_start} {self.unit_id}: {self.value}"


class UnitArea(models.Model):
    """Where a unit's figures are shown on the map of ``MapState.day``, at each level: a unit
    merged whole into another under its successor; a unit split in parts under its own name."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    area = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "level"], name="stats_unitarea_unique")
        ]
        indexes = [models.Index(fields=["area", "level"], name="stats_unitarea_area")]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.area_id} ({self.level})"


class Rollup(models.Model):
    """Approved values summed (with their count, for averages) per element, option, period
    and area of the map of ``MapState.day``, at the province and district levels."""

    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(
        DisaggregationOption, null=True, on_delete=models.CASCADE, related_name="+"
    )
    period_type = models.CharField(max_length=12, choices=PeriodType.choices)
    period_start = models.DateField()
    level = models.PositiveSmallIntegerField()
    area = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    total = models.DecimalField(max_digits=VALUE_DIGITS + 6, decimal_places=VALUE_DECIMALS)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # the period type before the element: a pivot by quarters asks for the quarters
            # reported as such, usually none, and finds that out at once instead of reading
            # every monthly row of its level (28 ms over the 12,75 million values' rollups)
            models.Index(
                fields=["level", "period_type", "element", "period_start"],
                name="stats_rollup_pivot",
            ),
            models.Index(fields=["area", "element", "period_start"], name="stats_rollup_area"),
        ]

    def __str__(self) -> str:
        return f"{self.element_id} {self.period_start} {self.area_id}: {self.total}"


class PeriodRollup(models.Model):
    """Rollups of finer periods gathered into each quarter, half-year and year, with what
    every aggregation over time needs (sum, sum of unit averages, the last period's figures,
    the number of periods): a pivot by quarter reads one row per cell."""

    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(
        DisaggregationOption, null=True, on_delete=models.CASCADE, related_name="+"
    )
    source_type = models.CharField(max_length=12, choices=PeriodType.choices)
    target_type = models.CharField(max_length=12, choices=PeriodType.choices)
    bucket = models.DateField()
    level = models.PositiveSmallIntegerField()
    area = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    total = models.DecimalField(max_digits=VALUE_DIGITS + 6, decimal_places=VALUE_DECIMALS)
    ratio_total = models.DecimalField(max_digits=VALUE_DIGITS + 6, decimal_places=VALUE_DECIMALS)
    last_total = models.DecimalField(max_digits=VALUE_DIGITS + 6, decimal_places=VALUE_DECIMALS)
    last_count = models.PositiveIntegerField()
    periods = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["level", "target_type", "element", "bucket"], name="stats_prollup_pivot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element_id} {self.target_type} {self.bucket} {self.area_id}"


class MapState(models.Model):
    """The map date the rollups are kept for (one row)."""

    day = models.DateField()
    rebuilt = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.day)


class ReportRequest(models.Model):
    """A quarterly sector report asked for by a user and written by the worker."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    period = models.CharField(_("quarter"), max_length=8)
    number = models.CharField(_("number and symbol"), max_length=50, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer = models.ForeignKey(
        "directory.Person",
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created = models.DateTimeField(_("requested at"))
    finished = models.DateTimeField(_("finished at"), null=True, blank=True)
    docx = models.FileField(_("Word document"), upload_to="stats/reports/", blank=True)
    pdf = models.FileField(_("PDF"), upload_to="stats/reports/", blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.period} ({self.get_status_display()})"
