"""Reads of the work programme: what a user may see, and the status of tasks on any day, as a
Python function and as a database annotation that lists and dashboards aggregate in SQL."""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import IsNull, LessThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.directory.models import Cluster, Organisation
from congso.directory.selectors import Scope, user_scope

from .models import (
    BridgePoint,
    Conclusion,
    Conference,
    ExtensionRequest,
    Notification,
    Petition,
    Programme,
    ProgressReport,
    Scheme,
    Task,
    TaskCompletion,
    TaskDeadline,
)

DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
OPEN_IN_TIME = "open_in_time"
OPEN_OVERDUE = "open_overdue"
BUCKETS = (DONE_ON_TIME, DONE_LATE, OPEN_IN_TIME, OPEN_OVERDUE)
BUCKET_LABELS = {
    DONE_ON_TIME: _("Done on time"),
    DONE_LATE: _("Done late"),
    OPEN_IN_TIME: _("Open, within the deadline"),
    OPEN_OVERDUE: _("Open, past the deadline"),
}


def bucket(deadline: date | None, done_on: date | None, day: date) -> str:
    """The bucket of a task whose deadline is ``deadline`` and that was done on ``done_on``
    (None: open), seen on ``day``. The deadline day itself is within the deadline."""
    if done_on is not None and done_on <= day:
        return DONE_ON_TIME if deadline is None or done_on <= deadline else DONE_LATE
    return OPEN_OVERDUE if deadline is not None and day > deadline else OPEN_IN_TIME


def status_on(task: Task, day: date | None = None) -> str | None:
    """The bucket of ``task`` as it was on ``day`` (today by default), from the dated history
    of its deadline and completion; None before the task was assigned."""
    day = day or timezone.localdate()
    if task.assigned_on > day:
        return None
    deadlines = [d for d in task.deadline_history.all() if d.since <= day]
    completions = [c for c in task.completion_history.all() if c.since <= day]
    deadline = max(deadlines, key=lambda d: (d.since, d.pk)).deadline if deadlines else None
    done = max(completions, key=lambda c: (c.since, c.pk)).done_on if completions else None
    return bucket(deadline, done, day)


def settled_on(day: date) -> Q:
    """Tasks whose current deadline and completion tell their status on ``day``."""
    return Q(history_from__isnull=True) | Q(history_from__lte=day)


def _status_whens(deadline, done_on, day: date, only: Q | None = None) -> list[When]:
    """The WHEN branches of the bucket of a task whose deadline and completion are the
    expressions ``deadline`` and ``done_on``, on ``day``; each branch limited by ``only``."""
    only = only if only is not None else Q()
    done = Q(IsNull(done_on, False)) & Q(LessThanOrEqual(done_on, day))
    return [
        When(
            only & done & (Q(IsNull(deadline, True)) | Q(LessThanOrEqual(done_on, deadline))),
            then=Value(DONE_ON_TIME),
        ),
        When(only & done, then=Value(DONE_LATE)),
        When(
            only & Q(IsNull(deadline, False)) & Q(LessThan(deadline, day)),
            then=Value(OPEN_OVERDUE),
        ),
        *([When(only, then=Value(OPEN_IN_TIME))] if only else []),
    ]


def status_expression(day: date) -> Case:
    """The bucket on ``day`` as one SQL expression. Most tasks never had their deadline changed
    nor their completion withdrawn (``history_from`` empty or before ``day``): their own
    columns answer, with a few comparisons a row. The others read the deadline and completion
    in force on ``day`` from the history, with correlated subqueries that the database evaluates
    for those rows only."""
    deadline_then = Subquery(
        TaskDeadline.objects.filter(task=OuterRef("pk"), since__lte=day)
        .order_by("-since", "-pk")
        .values("deadline")[:1],
        output_field=DateField(),
    )
    done_then = Subquery(
        TaskCompletion.objects.filter(task=OuterRef("pk"), since__lte=day)
        .order_by("-since", "-pk")
        .values("done_on")[:1],
        output_field=DateField(),
    )
    return Case(
        *_status_whens(F("deadline"), F("done_on"), day, only=settled_on(day)),
        *_status_whens(deadline_then, done_then, day),
        default=Value(OPEN_IN_TIME),
        output_field=CharField(),
    )


def with_status(tasks: QuerySet[Task], day: date | None = None) -> QuerySet[Task]:
    """``tasks`` annotated with ``status`` (one of BUCKETS) as on ``day``, and limited to the
    tasks assigned by then. Today and later read the current fields (every change is recorded
    from the day it is made, so none lies after today)."""
    today = timezone.localdate()
    day = day or today
    tasks = tasks.filter(assigned_on__lte=day)
    if day >= today:
        whens = _status_whens(F("deadline"), F("done_on"), day)
        return tasks.annotate(
            status=Case(*whens, default=Value(OPEN_IN_TIME), output_field=CharField())
        )
    return tasks.annotate(status=status_expression(day))


def _bucket_conditions(day: date) -> dict[str, Q]:
    """The four buckets on ``day`` as plain conditions on a task's own columns, for the tasks
    they answer for (``settled_on(day)``)."""
    done = Q(done_on__isnull=False, done_on__lte=day)
    still_open = Q(done_on__isnull=True) | Q(done_on__gt=day)
    return {
        DONE_ON_TIME: done & (Q(deadline__isnull=True) | Q(done_on__lte=F("deadline"))),
        DONE_LATE: done & Q(deadline__isnull=False, done_on__gt=F("deadline")),
        OPEN_IN_TIME: still_open & (Q(deadline__isnull=True) | Q(deadline__gte=day)),
        OPEN_OVERDUE: still_open & Q(deadline__lt=day),
    }


@dataclass(frozen=True)
class Rewritten:
    """A task whose status on a day comes from its history: its deadline and completion
    lost since then (read once for a page, shared by its counts, roll-up and overdue list)."""

    pk: int
    lead_organisation: int
    lead_organisation__name: str
    status: str


def rewritten_tasks(tasks: QuerySet[Task], day: date) -> list[Rewritten]:
    """The tasks of ``tasks`` assigned by ``day`` whose deadline changed, or whose completion
    was withdrawn, after ``day``, with their status on ``day`` from the history: one query
    over those few rows (the others answer from their own columns). Kept out of the
    aggregates on purpose: a correlated subquery in them makes PostgreSQL's planner expect
    it for every row and spend most of a second compiling the query (JIT)."""
    if day >= timezone.localdate():
        return []
    deadline_then = Subquery(
        TaskDeadline.objects.filter(task=OuterRef("pk"), since__lte=day)
        .order_by("-since", "-pk")
        .values("deadline")[:1],
        output_field=DateField(),
    )
    done_then = Subquery(
        TaskCompletion.objects.filter(task=OuterRef("pk"), since__lte=day)
        .order_by("-since", "-pk")
        .values("done_on")[:1],
        output_field=DateField(),
    )
    rows = (
        tasks.filter(assigned_on__lte=day, history_from__gt=day)
        .order_by()
        .annotate(deadline_then=deadline_then, done_then=done_then)
        .values_list(
            "pk", "lead_organisation", "lead_organisation__name", "deadline_then", "done_then"
        )
    )
    return [
        Rewritten(pk, lead, name, bucket(deadline, done, day))
        for pk, lead, name, deadline, done in rows
    ]


@dataclass(frozen=True)
class Counts:
    done_on_time: int = 0
    done_late: int = 0
    open_in_time: int = 0
    open_overdue: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.open_in_time + self.open_overdue

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """Share of the done tasks done on time, in per cent."""
        return 100 * self.done_on_time / self.done if self.done else None

    @property
    def overdue_rate(self) -> float | None:
        """Share of all tasks that are late: done late or open past the deadline, in per cent."""
        return 100 * (self.done_late + self.open_overdue) / self.total if self.total else None


def _bucket_counts(day: date) -> dict[str, Count]:
    return {
        name: Count("pk", filter=condition) for name, condition in _bucket_conditions(day).items()
    }


def status_counts(
    tasks: QuerySet[Task], day: date | None = None, rewritten: list[Rewritten] | None = None
) -> Counts:
    """The four buckets of ``tasks`` on ``day``: one aggregate with a conditional count per
    bucket over the tasks' own columns, plus the few tasks whose history says otherwise
    (``rewritten``, read here unless given)."""
    day = day or timezone.localdate()
    if rewritten is None:
        rewritten = rewritten_tasks(tasks, day)
    found = (
        tasks.filter(settled_on(day), assigned_on__lte=day)
        .order_by()
        .aggregate(**_bucket_counts(day))
    )
    for task in rewritten:
        found[task.status] += 1
    return Counts(**found)


def scope_condition(scope: Scope) -> Q:
    """Tasks a scope sees: those led or cooperated in by its organisations, and those they
    assigned. The scope's organisations are read once (a few hundred ids at most) so that the
    database answers with index scans instead of a subquery per task."""
    orgs = list(scope.organisations.values_list("pk", flat=True))
    cooperating = Task.cooperating.through.objects.filter(organisation_id__in=orgs)
    return (
        Q(lead_organisation_id__in=orgs)
        | Q(assigned_by_id__in=orgs)
        | Q(pk__in=cooperating.values("task_id"))
    )


def visible_tasks(user) -> QuerySet[Task]:
    scope = user_scope(user)
    if scope.everything:
        return Task.objects.all()
    return Task.objects.filter(scope_condition(scope))


def can_act_for_task(scope: Scope, task: Task) -> bool:
    """Whether the scope may report on ``task``: it leads or cooperates in it."""
    if scope.everything:
        return True
    orgs = scope.organisations
    return (
        orgs.filter(pk=task.lead_organisation_id).exists()
        or task.cooperating.filter(pk__in=orgs.values("pk")).exists()
    )


def can_assign_for(scope: Scope, task: Task) -> bool:
    """Whether the scope speaks for the organisation that assigned ``task``."""
    return scope.everything or scope.organisations.filter(pk=task.assigned_by_id).exists()


def _orgs_filter(model_field: str, user) -> Q:
    scope = user_scope(user)
    if scope.everything:
        return Q()
    return Q(**{f"{model_field}__in": scope.organisations.values("pk")})


def visible_programmes(user) -> QuerySet[Programme]:
    return Programme.objects.filter(_orgs_filter("organisation", user))


def visible_conferences(user) -> QuerySet[Conference]:
    scope = user_scope(user)
    if scope.everything:
        return Conference.objects.all()
    orgs = scope.organisations.values("pk")
    return Conference.objects.filter(
        Q(organisation__in=orgs)
        | Q(
            pk__in=Conference.participants.through.objects.filter(organisation_id__in=orgs).values(
                "conference_id"
            )
        )
        | Q(pk__in=BridgePoint.objects.filter(organisation_id__in=orgs).values("conference_id"))
    )


def visible_petitions(user) -> QuerySet[Petition]:
    scope = user_scope(user)
    if scope.everything:
        return Petition.objects.all()
    orgs = scope.organisations.values("pk")
    return Petition.objects.filter(Q(raised_by__in=orgs) | Q(answering_organisation__in=orgs))


def visible_conclusions(user) -> QuerySet[Conclusion]:
    scope = user_scope(user)
    if scope.everything:
        return Conclusion.objects.all()
    return Conclusion.objects.filter(
        Q(organisation__in=scope.organisations.values("pk"))
        | Q(conference__in=visible_conferences(user).values("pk"))
    )


def visible_schemes(user) -> QuerySet[Scheme]:
    scope = user_scope(user)
    if scope.everything:
        return Scheme.objects.all()
    return Scheme.objects.filter(
        Q(lead_organisation__in=scope.organisations.values("pk"))
        | Q(pk__in=visible_tasks(user).filter(scheme__isnull=False).values("scheme_id"))
    )


def visible_extension_requests(user) -> QuerySet[ExtensionRequest]:
    return ExtensionRequest.objects.filter(task__in=visible_tasks(user).values("pk"))


def visible_progress_reports(user) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(task__in=visible_tasks(user).values("pk"))


def unread_notifications(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).select_related(
        "task"
    )


# Dashboards -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What a dashboard is narrowed to: a period of assignment, a field, a source."""

    start: date | None = None
    end: date | None = None
    sector: str = ""
    source: str = ""

    def apply(self, tasks: QuerySet[Task]) -> QuerySet[Task]:
        if self.start:
            tasks = tasks.filter(Q(deadline__gte=self.start) | Q(deadline__isnull=True))
        if self.end:
            tasks = tasks.filter(assigned_on__lte=self.end)
        if self.sector:
            tasks = tasks.filter(sector=self.sector)
        if self.source:
            tasks = tasks.filter(source=self.source)
        return tasks


def organisation_tasks(organisation: Organisation) -> QuerySet[Task]:
    """The tasks an organisation leads."""
    return Task.objects.filter(lead_organisation=organisation)


def cluster_tasks(cluster: Cluster) -> QuerySet[Task]:
    """The tasks led by organisations of the cluster's member units."""
    return Task.objects.filter(lead_organisation__admin_unit__in=cluster.members.values("pk"))


def by_organisation(
    tasks: QuerySet[Task], day: date | None = None, rewritten: list[Rewritten] | None = None
) -> list[dict]:
    """One row per lead organisation with its four buckets, most overdue first: the roll-up
    of a cluster or of the department, in one query grouped by organisation with a
    conditional count per bucket (plus ``rewritten``, as in ``status_counts``)."""
    day = day or timezone.localdate()
    if rewritten is None:
        rewritten = rewritten_tasks(tasks, day)
    grouped = (
        tasks.filter(settled_on(day), assigned_on__lte=day)
        .order_by()
        .values("lead_organisation", "lead_organisation__name")
        .annotate(**_bucket_counts(day))
    )
    rows: dict[int, dict] = {row["lead_organisation"]: row for row in grouped}
    for task in rewritten:
        entry = rows.setdefault(
            task.lead_organisation,
            {
                "lead_organisation": task.lead_organisation,
                "lead_organisation__name": task.lead_organisation__name,
                **dict.fromkeys(BUCKETS, 0),
            },
        )
        entry[task.status] += 1
    return sorted(rows.values(), key=lambda r: (-r[OPEN_OVERDUE], r["lead_organisation__name"]))


def overdue_tasks(
    tasks: QuerySet[Task], day: date | None = None, rewritten: list[Rewritten] | None = None
) -> QuerySet[Task]:
    """Open tasks past their deadline on ``day``, longest overdue first, with who leads them:
    exactly the tasks ``status_counts`` counts as OPEN_OVERDUE (a page may take the list's
    length from there). Found by plain conditions on the tasks' own columns, plus the few
    ``rewritten`` ones by key."""
    day = day or timezone.localdate()
    if rewritten is None:
        rewritten = rewritten_tasks(tasks, day)
    late = [task.pk for task in rewritten if task.status == OPEN_OVERDUE]
    own = settled_on(day) & _bucket_conditions(day)[OPEN_OVERDUE]
    found = tasks.filter(own | Q(pk__in=late), assigned_on__lte=day)
    return found.select_related("lead_organisation", "assignee", "assigned_by").order_by(
        "deadline", "pk"
    )


def _history_status(
    day: date, deadlines: list[tuple[date, int, date | None]], completions: list
) -> str:
    deadline = max((r for r in deadlines if r[0] <= day), default=(None, None, None))[2]
    done = max((r for r in completions if r[0] <= day), default=(None, None, None))[2]
    return bucket(deadline, done, day)


def overdue_page_tasks(keys: list[int]) -> list[Task]:
    """The tasks of a page of the overdue list, from the keys the paginator sliced out of
    ``overdue_tasks(...).values_list("pk")``: the database sorts and skips narrow rows, and
    joins who leads and who is assigned for the page's rows only."""
    found = Task.objects.filter(pk__in=keys).select_related(
        "lead_organisation", "assignee", "assigned_by"
    )
    by_pk = {task.pk: task for task in found}
    return [by_pk[pk] for pk in keys if pk in by_pk]


def buckets_over_time(tasks: QuerySet[Task], days: list[date]) -> list[tuple[date, Counts]]:
    """The four buckets at each of ``days`` (quarter ends): the chart's series. One aggregate
    counts every task under every day from its own columns; the tasks whose deadline changed
    or whose completion was withdrawn after the first day are counted from their history,
    read in two queries, where their columns do not answer."""
    if not days:
        return []
    aggregates = {}
    for index, day in enumerate(days):
        for name, condition in _bucket_conditions(day).items():
            aggregates[f"{name}_{index}"] = Count(
                "pk", filter=Q(assigned_on__lte=day) & settled_on(day) & condition
            )
    found = tasks.order_by().aggregate(**aggregates)
    changed = tasks.filter(history_from__gt=min(days)).order_by()
    deadlines: dict[int, list] = {}
    completions: dict[int, list] = {}
    for model, into in ((TaskDeadline, deadlines), (TaskCompletion, completions)):
        value = "deadline" if model is TaskDeadline else "done_on"
        for task_id, since, pk, kept in model.objects.filter(
            task__in=changed.values("pk")
        ).values_list("task_id", "since", "pk", value):
            into.setdefault(task_id, []).append((since, pk, kept))
    for pk, assigned_on, history_from in changed.values_list("pk", "assigned_on", "history_from"):
        for index, day in enumerate(days):
            if assigned_on <= day < history_from:
                status = _history_status(day, deadlines.get(pk, []), completions.get(pk, []))
                found[f"{status}_{index}"] += 1
    return [
        (day, Counts(**{name: found[f"{name}_{index}"] for name in BUCKETS}))
        for index, day in enumerate(days)
    ]


def within_scope(tasks: QuerySet[Task], user) -> QuerySet[Task]:
    """``tasks`` narrowed to what ``user`` sees, by the scope's own conditions (no subquery
    over every task when the user sees everything)."""
    scope = user_scope(user)
    return tasks if scope.everything else tasks.filter(scope_condition(scope))
