"""One-stop services: the procedure catalogue, the working-day calendar, dossiers and their
history. State changes are in ``services.py``; models hold fields, constraints and cheap
properties."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congso.core.text import fold, sort_length, sort_text
from congso.directory.models import Organisation


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Province level")
    DISTRICT = 2, _("District level")
    COMMUNE = 3, _("Commune level")


class Desk(models.Model):
    """The one-stop desk (bộ phận một cửa) of an organisation and its agency code, which starts
    every dossier code it receives."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="onestop_desk",
    )
    code = models.CharField(
        _("agency code"),
        max_length=30,
        unique=True,
        help_text=_("The code of the agency in the national catalogue, e.g. 000.00.22.H40."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("one-stop desk")
        verbose_name_plural = _("one-stop desks")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.organisation}"

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.code} {self.organisation.name}")


class CalendarDay(models.Model):
    """A day the government swapped or added: a Saturday worked in exchange for a day off, or
    an extra day off. Public holidays themselves come from the ``holidays`` library."""

    class Kind(models.TextChoices):
        WORKING = "working", _("Working day")
        OFF = "off", _("Day off")

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} — {self.get_kind_display()}"

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.day:%d/%m/%Y} {self.note}")


class Procedure(models.Model):
    class OnlineLevel(models.TextChoices):
        FULL = "full", _("Full online service")
        PARTIAL = "partial", _("Partial online service")
        NONE = "none", _("Not online")

    code = models.CharField(_("procedure code"), max_length=40, unique=True)
    national_code = models.CharField(_("national code"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=500)
    sector = models.CharField(_("field"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    agency = models.ForeignKey(
        Organisation,
        verbose_name=_("performing agency"),
        on_delete=models.PROTECT,
        related_name="onestop_procedures",
    )
    processing_days = models.PositiveSmallIntegerField(_("processing time (working days)"))
    fees = models.TextField(_("fees and charges"), blank=True)
    result = models.CharField(_("result"), max_length=500, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.PARTIAL
    )
    inter_agency = models.BooleanField(_("inter-agency (liên thông)"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    search_text = models.CharField(max_length=800, editable=False, db_index=True, default="")
    sort_name = models.CharField(max_length=sort_length(500), editable=False, default="")

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["sort_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processing_days__gte=1), name="procedure_processing_days_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.name} {self.code} {self.national_code} {self.sector}")
        self.sort_name = sort_text(self.name)

    @property
    def accepts_online(self) -> bool:
        return self.is_published and self.online_level != self.OnlineLevel.NONE


class RequiredDocument(models.Model):
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="documents"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=500)
    copies = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    required = models.BooleanField(_("required"), default=True)
    template = models.FileField(
        _("template file"), upload_to="onestop/templates/", blank=True, max_length=255
    )
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["procedure", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.name} {self.procedure.code}")


class ProcessingStep(models.Model):
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("responsible role"), max_length=200, blank=True)
    share = models.PositiveSmallIntegerField(
        _("share of the time (%)"), default=0, help_text=_("Percentage of the processing time.")
    )
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("processing step")
        verbose_name_plural = _("processing steps")
        ordering = ["procedure", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(share__lte=100), name="processingstep_share_le_100")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.name} {self.role} {self.procedure.code}")


class DossierCounter(models.Model):
    """The last sequence number a desk gave on a day: one row per agency and day, locked by
    the submission that takes the next number."""

    agency_code = models.CharField(max_length=30)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency_code", "day"], name="dossiercounter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day}: {self.last}"


class Dossier(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, awaiting receipt")
        SUPPLEMENT = "supplement", _("Returned for supplement")
        REFUSED = "refused", _("Refused")
        PROCESSING = "processing", _("Being processed")
        TRANSFERRED = "transferred", _("Transferred to another agency")
        RESULT_READY = "result_ready", _("Result ready")
        RETURNED = "returned", _("Result returned")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        DESK = "desk", _("At the desk")
        POST = "post", _("By post")

    class ReturnMethod(models.TextChoices):
        DESK = "desk", _("At the desk")
        POST = "post", _("By post")
        ONLINE = "online", _("Online")

    class Rating(models.IntegerChoices):
        VERY_SATISFIED = 3, _("Very satisfied")
        SATISFIED = 2, _("Satisfied")
        NOT_SATISFIED = 1, _("Not satisfied")

    #: states in which the clock runs
    OPEN = (Status.PROCESSING, Status.TRANSFERRED)
    #: states in which the dossier has been decided
    FINISHED = (Status.RESULT_READY, Status.RETURNED)

    code = models.CharField(_("dossier code"), max_length=60, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers"
    )
    agency = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="onestop_dossiers",
    )
    location = models.ForeignKey(
        Organisation,
        verbose_name=_("where it is"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    identity_number = models.CharField(_("identity number"), max_length=20)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300)
    consent = models.BooleanField(_("consent to the processing of personal data"), default=False)
    access_token = models.CharField(max_length=64, unique=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True, db_index=True)
    due_date = models.DateField(_("appointment date"), null=True, blank=True)
    apology_due_date = models.DateField(_("new appointment date"), null=True, blank=True)
    apologised_at = models.DateTimeField(_("apology issued"), null=True, blank=True)
    apology_reason = models.TextField(_("reason for the delay"), blank=True)
    finished_on = models.DateField(_("result ready on"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned"), null=True, blank=True)
    return_method = models.CharField(
        _("returned"), max_length=10, choices=ReturnMethod.choices, blank=True
    )
    current_step = models.ForeignKey(
        ProcessingStep,
        verbose_name=_("current step"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    supplement_items = models.TextField(_("items to supplement"), blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    fully_online = models.BooleanField(_("handled fully online"), default=False)
    rating = models.PositiveSmallIntegerField(
        _("satisfaction"), choices=Rating.choices, null=True, blank=True
    )
    rating_comment = models.TextField(_("comment"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    personal_data_erased = models.DateTimeField(
        _("personal data erased"), null=True, blank=True, editable=False
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    search_text = models.CharField(max_length=500, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_on", "-pk"]
        permissions = [
            ("receive_dossier", _("Can receive dossiers and return their results (desk)")),
            ("process_dossier", _("Can process dossiers: steps and transfers")),
            ("approve_dossier", _("Can approve dossiers' results and sign apology letters")),
        ]
        indexes = [
            models.Index(fields=["agency", "received_on"], name="dossier_agency_received"),
            models.Index(fields=["status", "due_date"], name="dossier_status_due"),
        ]

    def __str__(self) -> str:
        return self.code or str(_("Draft"))

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.code or ''} {self.applicant_name}")

    @property
    def deadline(self):
        """The appointment that counts: the new one after an apology, else the first."""
        return self.apology_due_date or self.due_date

    @property
    def handler_name(self) -> str:
        if self.handler is None:
            return ""
        return self.handler.get_full_name() or self.handler.get_username()

    @property
    def phone_last4(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        return digits[-4:]


def dossier_upload_to(instance, filename: str) -> str:
    return f"dossiers/{instance.dossier.access_token[:16]}/{filename}"


class PrivateStorage(FileSystemStorage):
    """Applicants' files, outside the media directory: no address serves them; a view that
    checks the reader's scope streams them (``ONESTOP_PRIVATE_ROOT``)."""

    @property
    def base_location(self):
        return settings.ONESTOP_PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("applicants' files have no public address")


def private_storage() -> PrivateStorage:
    return PrivateStorage()


class DossierFile(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        RequiredDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=500)
    file = models.FileField(
        _("file"), upload_to=dossier_upload_to, storage=private_storage, max_length=255
    )
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class DossierEvent(models.Model):
    """One line of a dossier's timeline."""

    class Kind(models.TextChoices):
        DRAFT = "draft", _("Draft saved")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Received and accepted")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
        SUPPLEMENT_RECEIVED = "supplement_received", _("Supplement received")
        REFUSED = "refused", _("Refused")
        STEP_DONE = "step_done", _("Step completed")
        TRANSFERRED = "transferred", _("Transferred")
        TRANSFER_RETURNED = "transfer_returned", _("Returned from transfer")
        HANDED_OVER = "handed_over", _("Taken over by the successor agency")
        APOLOGY = "apology", _("Apology letter with a new appointment")
        RESULT_READY = "result_ready", _("Result ready")
        RETURNED = "returned", _("Result returned")
        RATED = "rated", _("Satisfaction rated")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("time"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.ForeignKey(
        ProcessingStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def actor_name(self) -> str:
        if self.user is None:
            return ""
        return self.user.get_full_name() or self.user.get_username()


class Transfer(models.Model):
    """A dossier sent to another agency or level (liên thông), with its own deadline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transfers")
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    sent_at = models.DateTimeField(_("sent"))
    due_date = models.DateField(_("deadline"))
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_organisation} → {self.to_organisation}"


class Notification(models.Model):
    """A message to the applicant, sent by the worker through the configured sender."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.channel} {self.recipient}"
