"""Reads of one-stop services that scope, join or aggregate."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from congso.core.search import folded_search, search_rank
from congso.directory.models import Organisation
from congso.directory.selectors import organisations_under, user_scope

from .models import CalendarDay, Desk, Dossier, Procedure, ProcessingStep, RequiredDocument


def _organisations(user):
    scope = user_scope(user)
    return None if scope.everything else scope.organisations.values("pk")


def visible_procedures(user) -> QuerySet[Procedure]:
    orgs = _organisations(user)
    qs = Procedure.objects.all()
    return qs if orgs is None else qs.filter(agency__in=orgs)


def visible_documents(user) -> QuerySet[RequiredDocument]:
    return RequiredDocument.objects.filter(procedure__in=visible_procedures(user).values("pk"))


def visible_steps(user) -> QuerySet[ProcessingStep]:
    return ProcessingStep.objects.filter(procedure__in=visible_procedures(user).values("pk"))


def visible_desks(user) -> QuerySet[Desk]:
    orgs = _organisations(user)
    qs = Desk.objects.all()
    return qs if orgs is None else qs.filter(organisation__in=orgs)


def visible_calendar_days(user) -> QuerySet[CalendarDay]:
    # The calendar is the country's: everyone who may view it sees all of it.
    return CalendarDay.objects.all()


def visible_dossiers(user) -> QuerySet[Dossier]:
    """Dossiers the user's organisations receive, or that were transferred to them; never
    drafts (an applicant's draft is theirs until submitted), except to an administrator."""
    orgs = _organisations(user)
    if orgs is None:
        return Dossier.objects.all()
    qs = Dossier.objects.exclude(status=Dossier.Status.DRAFT)
    return qs.filter(
        Q(agency__in=orgs) | Q(location__in=orgs) | Q(transfers__to_organisation__in=orgs)
    ).distinct()


def published_procedures(
    query: str | None = None, organisation: Organisation | None = None
) -> QuerySet[Procedure]:
    """The public catalogue, best matches first; on an organisation's portal, the procedures
    it and the bodies under it perform."""
    qs = Procedure.objects.filter(is_published=True).select_related("agency")
    if organisation is not None:
        qs = qs.filter(agency__in=organisations_under(organisation).values("pk"))
    if query and query.strip():
        qs = folded_search(qs, query).annotate(_rank=search_rank("search_text", query))
        return qs.order_by("_rank", "sort_name", "pk")
    return qs.order_by("sort_name", "pk")


def lookup_dossier(code: str, last4: str) -> Dossier | None:
    """The dossier with ``code`` whose phone ends with ``last4``; None for either mismatch."""
    code = (code or "").strip().upper()
    last4 = "".join(ch for ch in (last4 or "") if ch.isdigit())
    if not code or len(last4) != 4:
        return None
    dossier = (
        Dossier.objects.select_related("procedure", "agency", "location", "handler", "current_step")
        .exclude(status=Dossier.Status.DRAFT)
        .filter(code=code)
        .first()
    )
    if dossier is None or dossier.phone_last4 != last4:
        return None
    return dossier


@dataclass(frozen=True)
class OnTimeRow:
    """On-time figures of one group (an agency, a procedure, a field, a channel, or all)."""

    key: object
    received: int
    on_time: int
    late: int
    open_within: int
    open_late: int
    supplement: int
    refused: int
    fully_online: int

    @property
    def resolved(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.resolved if self.resolved else None

    @property
    def online_share(self) -> float | None:
        return self.fully_online / self.received if self.received else None


GROUPS = {
    "agency": "agency_id",
    "procedure": "procedure_id",
    "field": "procedure__sector",
    "channel": "channel",
    "month": "_month",
    "all": None,
}


def on_time_statistics(
    *,
    start: date,
    end: date,
    group_by: str = "agency",
    agencies: QuerySet | list[int] | None = None,
    today: date | None = None,
) -> list[OnTimeRow]:
    """Dossiers received from ``start`` to ``end`` (inclusive), grouped by ``group_by`` (one of
    ``GROUPS``; ``month`` keys are the first day of each month): received; resolved on time and
    late (against the deadline in force, the new one after an apology); still open within and
    past the deadline on ``today``; returned for supplement; refused; handled fully online.
    One aggregate query."""
    if group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {sorted(GROUPS)}")
    today = today or timezone.localdate()
    S = Dossier.Status
    qs = Dossier.objects.filter(received_on__gte=start, received_on__lte=end)
    if agencies is not None:
        qs = qs.filter(agency__in=agencies)
    finished = Q(status__in=Dossier.FINISHED)
    deadline_ok = Q(finished_on__lte=F("_deadline"))
    open_ = Q(status__in=Dossier.OPEN)
    aggregates = {
        "received": Count("pk"),
        "on_time": Count("pk", filter=finished & deadline_ok),
        "late": Count("pk", filter=finished & ~deadline_ok),
        "open_within": Count("pk", filter=open_ & Q(_deadline__gte=today)),
        "open_late": Count("pk", filter=open_ & Q(_deadline__lt=today)),
        "supplement": Count("pk", filter=Q(status=S.SUPPLEMENT)),
        "refused": Count("pk", filter=Q(status=S.REFUSED)),
        "fully_online": Count("pk", filter=Q(fully_online=True)),
    }
    qs = qs.annotate(_deadline=Coalesce("apology_due_date", "due_date"))
    if group_by == "month":
        qs = qs.annotate(_month=TruncMonth("received_on"))
    field = GROUPS[group_by]
    if field is None:
        row = qs.aggregate(**aggregates)
        return [OnTimeRow(key=None, **row)]
    rows = qs.values(field).annotate(**aggregates).order_by(field)
    return [OnTimeRow(key=row.pop(field), **row) for row in rows]


def on_time_statistics_for(
    user, *, start: date, end: date, group_by: str = "agency", today: date | None = None
) -> list[OnTimeRow]:
    """:func:`on_time_statistics` of the dossiers the user's units received, as their screens
    show them (everything for the province's administrators)."""
    return on_time_statistics(
        start=start, end=end, group_by=group_by, agencies=_organisations(user), today=today
    )


def group_labels(group_by: str, keys) -> dict:
    """What each group's key stands for, in words (one query at most)."""
    from congso.directory.models import Organisation

    if group_by == "agency":
        return dict(Organisation.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group_by == "procedure":
        return {
            p.pk: f"{p.code} — {p.name}"
            for p in Procedure.objects.filter(pk__in=keys).only("code", "name")
        }
    if group_by == "month":
        return {key: f"{key:%m/%Y}" for key in keys if key is not None}
    if group_by == "channel":
        return dict(Dossier.Channel.choices)
    return {}
