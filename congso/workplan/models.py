"""The work programme: programmes and their items, conferences with bridge points, petitions
and their answers, conclusions, schemes, and the tasks they give rise to, with the dated history
of their deadlines and completion so that their status can be told on any past day.

One module: tasks reference conferences, petitions, conclusions, schemes and programme items.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congso.core.search import folded_search
from congso.core.text import fold
from congso.directory.models import Organisation, Person


class SearchQuerySet(models.QuerySet):
    def search(self, query: str):
        return folded_search(self, query)


class Field(models.TextChoices):
    """The fields of the department's work (lĩnh vực)."""

    POST = "post", _("Postal services")
    TELECOM = "telecom", _("Telecommunications")
    IT = "it", _("Information technology")
    PRESS = "press", _("Press and publishing")
    BROADCAST = "broadcast", _("Radio and television")
    ADMIN_REFORM = "admin_reform", _("Administrative reform")
    OTHER = "other", _("Other")


class Programme(models.Model):
    """A work programme (chương trình công tác) of an organisation for a quarter of a year."""

    title = models.CharField(_("title"), max_length=255)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, str(q)) for q in range(1, 5)]
    )
    note = models.TextField(_("note"), blank=True)
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")

    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("work programme")
        verbose_name_plural = _("work programmes")
        ordering = ["-year", "-quarter", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "quarter"], name="programme_unique_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="programme_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.title} {self.year}")[:300]


class ProgrammeItem(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("work programme"), on_delete=models.CASCADE, related_name="items"
    )
    title = models.CharField(_("title"), max_length=500)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due = models.DateField(_("due"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["programme", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Conference(models.Model):
    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online, with bridge points")

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.ManyToManyField(
        Organisation, verbose_name=_("participating organisations"), blank=True, related_name="+"
    )
    participant_people = models.ManyToManyField(
        Person, verbose_name=_("participants"), blank=True, related_name="+"
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # The portal's article on it, proposed to the editorial board (a page id: the work
    # programme reads no portal model).
    news_article_id = models.PositiveIntegerField(
        _("article on the portal"), null=True, blank=True, editable=False
    )
    search_text = models.CharField(max_length=500, editable=False, db_index=True, default="")

    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def fill_derived(self) -> None:
        self.search_text = fold(self.title)[:500]


class BridgePoint(models.Model):
    """A place an online conference is followed from (điểm cầu)."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="bridge_points"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("bridge point")
        verbose_name_plural = _("bridge points")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "organisation"], name="bridgepoint_unique_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.place or str(self.organisation)


class ConferenceDocument(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="workplan/conferences/%Y/")

    class Meta:
        verbose_name = _("conference document")
        verbose_name_plural = _("conference documents")

    def __str__(self) -> str:
        return self.title


class PetitionGroup(models.Model):
    """Petitions on the same topic from several units, answered once."""

    topic = models.CharField(_("topic"), max_length=500)
    answering_organisation = models.ForeignKey(
        Organisation, verbose_name=_("answered by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("petition group")
        verbose_name_plural = _("petition groups")

    def __str__(self) -> str:
        return self.topic


class Petition(models.Model):
    class Source(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        DOCUMENT = "document", _("Document")
        PORTAL = "portal", _("Portal")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting an answer")
        ANSWERED = "answered", _("Answered")

    raised_by = models.ForeignKey(
        Organisation, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("raised at"), max_length=20, choices=Source.choices)
    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    source_detail = models.CharField(_("document or address"), max_length=255, blank=True)
    sector = models.CharField(_("field"), max_length=20, choices=Field.choices)
    content = models.TextField(_("content"))
    answering_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("to be answered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    group = models.ForeignKey(
        PetitionGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    answer_number = models.CharField(_("answer number"), max_length=100, blank=True)
    answer_date = models.DateField(_("answer date"), null=True, blank=True)
    answered_by = models.ForeignKey(
        Person,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_text = models.TextField(_("answer"), blank=True)
    search_text = models.CharField(max_length=500, editable=False, db_index=True, default="")

    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(answer_date__isnull=False),
                name="petition_answered_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.content[:80]

    def fill_derived(self) -> None:
        self.search_text = fold(self.content)[:500]


class Conclusion(models.Model):
    """A conclusion document (thông báo kết luận) whose points become tasks."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conclusions",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("number and symbol"), max_length=100)
    issued_on = models.DateField(_("date"))
    signer = models.ForeignKey(
        Person, verbose_name=_("signed by"), null=True, blank=True, on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    def fill_derived(self) -> None:
        self.search_text = fold(f"{self.number} {self.title}")[:600]


class Scheme(models.Model):
    """A scheme, project or master plan (đề án, dự án, quy hoạch)."""

    class Kind(models.TextChoices):
        SCHEME = "scheme", _("Scheme")
        PROJECT = "project", _("Project")
        PLAN = "plan", _("Master plan")

    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    goals = models.TextField(_("goals"), blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    search_text = models.CharField(max_length=500, editable=False, db_index=True, default="")

    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheme or project")
        verbose_name_plural = _("schemes and projects")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def fill_derived(self) -> None:
        self.search_text = fold(self.name)[:500]


class Milestone(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=300)
    due = models.DateField(_("due"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["scheme", "due"]

    def __str__(self) -> str:
        return self.title


class TaskQuerySet(SearchQuerySet):
    pass


class Task(models.Model):
    class Source(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        CONCLUSION = "conclusion", _("Conclusion")
        DOCUMENT = "document", _("Document")
        PETITION = "petition", _("Petition")
        PROGRAMME = "programme", _("Programme item")

    class Recurrence(models.TextChoices):
        NONE = "", _("Once")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        YEARLY = "yearly", _("Yearly")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")
        URGENT = 4, _("Urgent")

    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    sector = models.CharField(_("field"), max_length=20, choices=Field.choices, default=Field.OTHER)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, db_index=True)
    conference = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    conclusion = models.ForeignKey(
        Conclusion,
        verbose_name=_("conclusion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    petition = models.ForeignKey(
        Petition, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    programme_item = models.ForeignKey(
        ProgrammeItem,
        verbose_name=_("programme item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    source_document = models.CharField(_("source document"), max_length=255, blank=True)
    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("scheme or project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    assigned_by = models.ForeignKey(
        Organisation, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="workplan_tasks",
    )
    cooperating = models.ManyToManyField(
        Organisation, verbose_name=_("cooperating organisations"), blank=True, related_name="+"
    )
    assignee = models.ForeignKey(
        Person,
        verbose_name=_("assigned person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_on = models.DateField(_("assigned on"), db_index=True)
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    #: the deadline in force now; its history is in TaskDeadline
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    recurrence = models.CharField(
        _("recurrence"), max_length=20, choices=Recurrence.choices, blank=True, default=""
    )
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="next_occurrence",
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    #: the day it was reported done (empty while open); its history is in TaskCompletion
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False, db_index=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True, editable=False)
    #: from this day on, ``deadline`` and ``done_on`` tell the status on every day; before it a
    #: deadline changed or a completion was withdrawn, so an earlier day reads the history. Empty:
    #: they tell it on every day since assignment (most tasks), so that a past quarter's figures
    #: are read from the task's own row.
    history_from = models.DateField(null=True, blank=True, editable=False)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "pk"]
        indexes = [
            # Holds every column the dashboards count and the overdue list sorts by, so that a
            # cluster's or a unit's tasks are read from the index alone (PostgreSQL).
            models.Index(
                fields=[
                    "lead_organisation",
                    "deadline",
                    "assigned_on",
                    "done_on",
                    "history_from",
                    "id",
                ],
                name="task_lead_status",
            ),
            models.Index(fields=["assigned_by", "deadline"]),
            # the few tasks a past day's figures read from the history
            models.Index(
                fields=["history_from"],
                condition=Q(history_from__isnull=False),
                name="task_history_from",
            ),
        ]
        permissions = [
            ("assign_task", _("Can assign tasks")),
            ("confirm_task", _("Can confirm the completion of tasks it assigned")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="task_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(deadline__gte=models.F("starts_on")),
                name="task_deadline_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def fill_derived(self) -> None:
        self.search_text = fold(self.title)[:600]

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


def history_from(
    assigned_on: date,
    deadline_sinces: list[date],
    completions: list[tuple[date, date | None]],
) -> date | None:
    """The day from which a task's current deadline and completion tell its status, given the
    ``since`` of its deadline records and the ``(since, done_on)`` of its completion records.

    A deadline recorded after assignment means an earlier day had another deadline. A plain
    report of completion (``done_on`` == ``since``) changes nothing before it — the task was
    open then and a completion in the future reads as open — but a withdrawn completion (or one
    recorded under another date) does."""
    days = [since for since in deadline_sinces if since > assigned_on]
    days += [since for since, done_on in completions if done_on != since]
    return max(days, default=None)


class TaskDeadline(models.Model):
    """The deadline of a task from a day on: the history that tells a past day's status."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="deadline_history")
    since = models.DateField(_("since"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "since", "pk"]
        indexes = [models.Index(fields=["task", "since"])]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.deadline} ({self.since})"


class TaskCompletion(models.Model):
    """The completion of a task from a day on (``done_on`` empty: reopened)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="completion_history")
    since = models.DateField(_("since"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "since", "pk"]
        indexes = [models.Index(fields=["task", "since"])]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.done_on} ({self.since})"


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    day = models.DateField(_("date"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    text = models.TextField(_("report"))
    attachment = models.FileField(_("attachment"), upload_to="workplan/progress/%Y/", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["task", "-day", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_at_most_100")
        ]

    def __str__(self) -> str:
        return f"{self.task}: {self.percent} %"


class ExtensionRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extension_requests")
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            # one pending request a task at a time
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="extension_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.requested_deadline}"


class Reminder(models.Model):
    """A reminder sent: the row is written before the message, so that a reminder of a kind
    for a deadline goes out once, however many workers run or restart."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # "before:7", "before:1", "overdue"
    deadline = models.DateField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind", "deadline"], name="reminder_once_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.kind} {self.deadline}"


class Notification(models.Model):
    """A message in the back office for one account."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workplan_notifications"
    )
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text


class CalendarToken(models.Model):
    """A private, revocable address of the deadlines of a person or an organisation."""

    token = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                name="calendartoken_has_subject",
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.person)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)


class ImplementationReport(models.Model):
    """A report on the implementation of tasks (báo cáo tình hình thực hiện nhiệm vụ) asked
    for by a user and written as a Word document by the worker."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("status on"))
    number = models.CharField(_("number and symbol"), max_length=50, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished = models.DateTimeField(_("finished at"), null=True, blank=True)
    docx = models.FileField(_("Word document"), upload_to="workplan/reports/", blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.day}"
