"""The directory: administrative units through time, organisations, clusters, population, people."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congso.core.search import folded_search
from congso.core.text import fold, format_datetime, format_number, sort_length, sort_text

#: an end before the start is refused by the database itself, whoever writes
_PERIOD_ORDERED = (
    Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from"))
)


def check_period(valid_from: date | None, valid_to: date | None) -> None:
    """The same rule as the constraint, as a message on the end date of a form."""
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date must not be before the start date.")})


class AdminUnitQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> "AdminUnitQuerySet":
        """Units in force on ``day`` (valid_from/valid_to inclusive; open ends are unbounded)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def search(self, query: str) -> "AdminUnitQuerySet":
        """Match every word of ``query`` with or without diacritics ("do luong", "Đô Lương")."""
        return folded_search(self, query)

    def in_vietnamese_order(self) -> "AdminUnitQuerySet":
        return self.order_by("sort_name", "code")


class AdminUnit(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        DISTRICT = 2, _("District")
        COMMUNE = 3, _("Commune")

    class Type(models.TextChoices):
        PROVINCE = "tinh", _("Province (tỉnh)")
        CENTRAL_CITY = "thanh-pho-tw", _("Centrally governed city")
        DISTRICT = "huyen", _("Rural district (huyện)")
        URBAN_DISTRICT = "quan", _("Urban district (quận)")
        TOWN = "thi-xa", _("District-level town (thị xã)")
        PROVINCIAL_CITY = "thanh-pho", _("Provincial city")
        COMMUNE = "xa", _("Commune (xã)")
        WARD = "phuong", _("Ward (phường)")
        TOWNLET = "thi-tran", _("Township (thị trấn)")
        SPECIAL_ZONE = "dac-khu", _("Special zone (đặc khu)")

    #: the Vietnamese word that precedes the name, as in "Huyện Đô Lương"
    TYPE_PREFIX = {
        Type.PROVINCE: "Tỉnh",
        Type.CENTRAL_CITY: "Thành phố",
        Type.DISTRICT: "Huyện",
        Type.URBAN_DISTRICT: "Quận",
        Type.TOWN: "Thị xã",
        Type.PROVINCIAL_CITY: "Thành phố",
        Type.COMMUNE: "Xã",
        Type.WARD: "Phường",
        Type.TOWNLET: "Thị trấn",
        Type.SPECIAL_ZONE: "Đặc khu",
    }

    code = models.CharField(_("GSO code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, help_text=_("Empty: before the first record.")
    )
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Last day in force; empty: in force.")
    )
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    #: the province the unit lies in (empty for a province): "a province and everything in
    #: it" becomes two index lookups instead of a walk up the parents
    province = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.CharField(max_length=400, editable=False, db_index=True)
    sort_name = models.CharField(max_length=sort_length(200), editable=False, db_index=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "sort_name", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_from__isnull=True),
                name="adminunit_code_unique_since_start",
            ),
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"],
                condition=Q(valid_from__isnull=False),
                name="adminunit_code_unique_per_start",
            ),
            models.CheckConstraint(
                condition=_PERIOD_ORDERED, name="adminunit_valid_period_ordered"
            ),
        ]
        indexes = [models.Index(fields=["parent", "sort_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.TYPE_PREFIX.get(self.type, '')} {self.name}".strip()

    def fill_derived(self) -> None:
        """Fields derived from the name and the parent, set by whoever writes a unit (services,
        imports); the parent must be saved first."""
        self.search_text = fold(f"{self.full_name} {self.code}")
        self.sort_name = sort_text(self.name)
        parent = self.parent
        if parent is None:
            self.province = None
        elif parent.level == self.Level.PROVINCE:
            self.province_id = parent.pk
        else:
            self.province_id = parent.province_id

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitSuccession(models.Model):
    class Kind(models.TextChoices):
        FULL = "full", _("whole unit")
        PARTIAL = "partial", _("part of the unit")

    predecessor = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="succeeded_by"
    )
    successor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="succeeds")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    effective = models.DateField(_("effective from"))

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unitsuccession_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()})"


class Population(models.Model):
    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.PositiveBigIntegerField(_("total"))
    urban = models.PositiveBigIntegerField(_("urban"), null=True, blank=True)
    rural = models.PositiveBigIntegerField(_("rural"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("population figures")
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="population_unique_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {format_number(self.total)}"


class OrganisationQuerySet(models.QuerySet):
    def search(self, query: str) -> "OrganisationQuerySet":
        return folded_search(self, query)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        DIVISION = "division", _("Division")
        SUBORDINATE = "subordinate", _("Subordinate unit")
        PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
        ENTERPRISE = "enterprise", _("Enterprise")
        PRESS = "press", _("Press agency")
        RADIO_TV = "radio_tv", _("Radio and television station")
        POST_OFFICE = "post_office", _("Post office")
        OTHER = "other", _("Other")

    #: kinds that govern a territory: they see every organisation of their unit and below
    TERRITORIAL_KINDS = frozenset(
        {Kind.DEPARTMENT, Kind.DIVISION, Kind.SUBORDINATE, Kind.PEOPLES_COMMITTEE}
    )

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    admin_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)
    sort_name = models.CharField(max_length=sort_length(255), editable=False, db_index=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["sort_name"]
        indexes = [models.Index(fields=["admin_unit", "kind"])]
        permissions = [
            (
                "restructure_organisation",
                _("Can restructure: change the kind, parent and administrative unit"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organisation_not_own_parent"
            ),
            models.CheckConstraint(
                condition=_PERIOD_ORDERED, name="organisation_valid_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.name} {self.short_name}")
        self.sort_name = sort_text(self.name)

    def clean(self) -> None:
        check_period(self.valid_from, self.valid_to)

    @property
    def is_territorial(self) -> bool:
        return self.kind in self.TERRITORIAL_KINDS


class Cluster(models.Model):
    """A cụm of districts (or communes) with a lead unit, for emulation and reporting."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="clusters",
    )
    lead_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(
        AdminUnit, verbose_name=_("member units"), related_name="clusters"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    search_text = models.CharField(max_length=200, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["organisation", "name"]
        constraints = [
            models.CheckConstraint(condition=_PERIOD_ORDERED, name="cluster_valid_period_ordered")
        ]

    def __str__(self) -> str:
        return self.name

    def fill_derived(self) -> None:
        self.search_text = fold(self.name)

    def clean(self) -> None:
        check_period(self.valid_from, self.valid_to)


class Person(models.Model):
    class Position(models.TextChoices):
        DIRECTOR = "director", _("Director")
        DEPUTY_DIRECTOR = "deputy_director", _("Deputy Director")
        CHIEF_OF_OFFICE = "chief_of_office", _("Chief of Office")
        HEAD_OF_DIVISION = "head_of_division", _("Head of Division")
        DEPUTY_HEAD_OF_DIVISION = "deputy_head_of_division", _("Deputy Head of Division")
        CHAIR = "chair", _("Chairperson of the People's Committee")
        VICE_CHAIR = "vice_chair", _("Vice Chairperson of the People's Committee")
        OFFICER = "officer", _("Officer")
        EDITOR = "editor", _("Editor")
        MANAGER = "manager", _("Manager")
        OTHER = "other", _("Other")

    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    position = models.CharField(_("position"), max_length=30, choices=Position.choices)
    position_detail = models.CharField(_("position as written"), max_length=200, blank=True)
    is_spokesperson = models.BooleanField(_("spokesperson"), default=False)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    duties = models.TextField(
        _("duties"), blank=True, help_text=_("What this person is in charge of, as published.")
    )
    biography = models.TextField(_("short biography"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # full name and e-mail address, folded
    search_text = models.CharField(max_length=500, editable=False, db_index=True)
    sort_name = models.CharField(max_length=sort_length(200), editable=False, db_index=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["organisation", "sort_name"]
        permissions = [("administer_accounts", _("Can administer the accounts of people"))]

    def __str__(self) -> str:
        return self.full_name

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.full_name} {self.email}")
        # Vietnamese names sort by the given name (the last word), then the rest.
        words = self.full_name.split()
        self.sort_name = sort_text(" ".join(words[-1:] + words[:-1]))


class ImportRun(models.Model):
    """One run of an import (map, mapping, population): who, when, and what it changed."""

    kind = models.CharField(_("kind"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started = models.DateTimeField(_("started"))
    finished = models.DateTimeField(_("finished"))
    dry_run = models.BooleanField(_("dry run"), default=False)
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started"]

    def __str__(self) -> str:
        # The time a person reads is local, like the start time beside it.
        return f"{self.kind} {format_datetime(self.started)}"
