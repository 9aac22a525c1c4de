"""Writes of the work programme: each state change is one atomic, permission-checked,
scope-checked, audit-logged function ``<entity>_<action>(*, user, ...)``.

One module: the task's states share their locking, scope and history helpers.
"""

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.actors import Actor, audit
from congso.core.publishing import propose_article
from congso.core.text import format_date
from congso.directory.models import Organisation, Person
from congso.directory.selectors import Scope, user_scope

from .models import (
    BridgePoint,
    CalendarToken,
    Conclusion,
    Conference,
    ConferenceDocument,
    ExtensionRequest,
    ImplementationReport,
    Milestone,
    Notification,
    Petition,
    PetitionGroup,
    Programme,
    ProgrammeItem,
    ProgressReport,
    Scheme,
    Task,
    TaskCompletion,
    TaskDeadline,
)
from .selectors import can_act_for_task, can_assign_for

TASK_FIELDS = (
    "title",
    "description",
    "sector",
    "source",
    "conference",
    "conclusion",
    "petition",
    "programme_item",
    "source_document",
    "scheme",
    "assigned_by",
    "lead_organisation",
    "assignee",
    "starts_on",
    "deadline",
    "recurrence",
    "priority",
)
CONFERENCE_FIELDS = (
    "title",
    "kind",
    "organisation",
    "starts_at",
    "place",
    "chair",
    "agenda",
    "minutes",
)
PETITION_FIELDS = (
    "raised_by",
    "source",
    "conference",
    "source_detail",
    "sector",
    "content",
    "answering_organisation",
)
CONCLUSION_FIELDS = ("conference", "organisation", "number", "issued_on", "signer", "title", "text")
SCHEME_FIELDS = ("name", "kind", "goals", "lead_organisation", "starts_on", "ends_on")
PROGRAMME_FIELDS = ("title", "organisation", "year", "quarter", "note")


def _require_perm(user: Actor, perm: str) -> None:
    if not user.has_perm(f"workplan.{perm}"):
        raise PermissionDenied(_("You do not have permission to do this."))


def _require_org(scope: Scope, organisation: Organisation | None) -> None:
    if organisation is not None and not scope.can_see_organisation(organisation):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": organisation})


def _require_person(scope: Scope, person: Person | None) -> None:
    if person is not None:
        _require_org(scope, person.organisation)


def _today(day: date | None) -> date:
    return day or timezone.localdate()


def _set(instance, data: dict[str, Any], fields: Iterable[str]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def _full_clean(instance, exclude=()) -> None:
    if hasattr(instance, "fill_derived"):
        instance.fill_derived()
    instance.full_clean(exclude=list(exclude), validate_unique=True)


# Notifications --------------------------------------------------------------------------------


def _accounts_of(organisation_ids: Iterable[int], person: Person | None = None) -> list[int]:
    ids = set(
        Person.objects.filter(
            organisation_id__in=list(organisation_ids), user__isnull=False
        ).values_list("user_id", flat=True)
    )
    if person is not None and person.user_id:
        ids.add(person.user_id)
    return sorted(ids)


def notify(task: Task, text: str, account_ids: Iterable[int], *, email: bool = True) -> None:
    """A message in the back office of each account, and by e-mail through the worker once the
    transaction has committed."""
    account_ids = list(account_ids)
    Notification.objects.bulk_create(
        [Notification(recipient_id=pk, task=task, text=text[:500]) for pk in account_ids]
    )
    if email and account_ids:
        from .tasks import send_task_email

        task_pk = task.pk
        transaction.on_commit(lambda: send_task_email.enqueue(task_pk, text, account_ids))


def _assignees(task: Task) -> list[int]:
    return _accounts_of([task.lead_organisation_id], task.assignee)


def _assigners(task: Task) -> list[int]:
    return _accounts_of([task.assigned_by_id])


# Tasks ----------------------------------------------------------------------------------------


def _later(day: date | None, other: date) -> date:
    return other if day is None or other > day else day


def _record_deadline(task: Task, since: date) -> None:
    """Keep the history of the deadline ``task`` now has (saved by the caller), from ``since``
    on; a change after assignment makes earlier days read the history."""
    TaskDeadline.objects.create(task=task, since=since, deadline=task.deadline)
    if since > task.assigned_on:
        task.history_from = _later(task.history_from, since)
        Task.objects.filter(pk=task.pk).update(history_from=task.history_from)


def _record_completion(task: Task, since: date) -> None:
    """Keep the history of the completion ``task`` now has (``done_on``, saved by the caller),
    from ``since`` on; a completion withdrawn makes earlier days read the history."""
    TaskCompletion.objects.create(task=task, since=since, done_on=task.done_on)
    if task.done_on != since:
        task.history_from = _later(task.history_from, since)
        Task.objects.filter(pk=task.pk).update(history_from=task.history_from)


def _check_task(task: Task) -> None:
    if task.deadline and task.starts_on and task.deadline < task.starts_on:
        raise ValidationError({"deadline": _("The deadline must not be before the start date.")})
    if task.recurrence and not task.deadline:
        raise ValidationError(
            {"deadline": _("A recurring task needs the deadline of its first occurrence.")}
        )
    sources = {
        Task.Source.CONFERENCE: "conference",
        Task.Source.CONCLUSION: "conclusion",
        Task.Source.PETITION: "petition",
        Task.Source.PROGRAMME: "programme_item",
    }
    needed = sources.get(task.source)
    if needed and getattr(task, f"{needed}_id") is None:
        raise ValidationError({needed: _("Choose where the task comes from.")})
    if task.source == Task.Source.DOCUMENT and not task.source_document:
        raise ValidationError({"source_document": _("Name the document the task comes from.")})
    _full_clean(task, exclude=["cooperating"])


@transaction.atomic
def task_assign(
    *,
    user: Actor,
    data: dict[str, Any],
    cooperating: Iterable[Organisation] = (),
    day: date | None = None,
) -> Task:
    """Assign a new task: the assigning organisation (the user's own by default) and the lead
    and cooperating organisations must lie in the user's scope. The assignees are notified."""
    _require_perm(user, "assign_task")
    scope = user_scope(user)
    task = Task()
    _set(task, data, TASK_FIELDS)
    if not task.assigned_by_id:
        if scope.organisation is None:
            raise ValidationError({"assigned_by": _("Choose the assigning organisation.")})
        task.assigned_by = scope.organisation
    for organisation in (task.assigned_by, task.lead_organisation, *cooperating):
        _require_org(scope, organisation)
    _require_person(scope, task.assignee)
    task.assigned_on = _today(day)
    task.starts_on = task.starts_on or task.assigned_on
    _check_task(task)
    task.save()
    task.cooperating.set(cooperating)
    _record_deadline(task, task.assigned_on)
    audit(task, "wagtail.create", user=user)
    notify(
        task,
        _("New task for %(org)s: %(title)s") % {"org": task.lead_organisation, "title": task.title},
        _assignees(task),
    )
    return task


@transaction.atomic
def task_update(
    *,
    user: Actor,
    task: Task,
    data: dict[str, Any],
    cooperating: Iterable[Organisation] | None = None,
    day: date | None = None,
) -> Task:
    """Edit a task: the assigning organisation may change everything, a changed deadline is
    recorded from today on; the lead organisation may change nothing but reports."""
    _require_perm(user, "change_task")
    scope = user_scope(user)
    task = Task.objects.select_for_update().get(pk=task.pk)
    changes = {k: v for k, v in data.items() if k in TASK_FIELDS and getattr(task, k) != v}
    if cooperating is not None and {o.pk for o in cooperating} == set(
        task.cooperating.values_list("pk", flat=True)
    ):
        cooperating = None
    if not changes and cooperating is None:
        return task  # saved unchanged: nothing to check, nothing to log
    if not can_assign_for(scope, task):
        raise PermissionDenied(_("Only the assigning organisation may change the task."))
    old_deadline = task.deadline
    _set(task, changes, TASK_FIELDS)
    for organisation in (task.lead_organisation, *(cooperating or ())):
        _require_org(scope, organisation)
    _require_person(scope, task.assignee)
    _check_task(task)
    task.save()
    if cooperating is not None:
        task.cooperating.set(cooperating)
    if task.deadline != old_deadline:
        _record_deadline(task, _today(day))
    audit(task, "wagtail.edit", user=user)
    return task


def _task_for_report(user: Actor, task: Task) -> tuple[Scope, Task]:
    _require_perm(user, "change_task")
    scope = user_scope(user)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not can_act_for_task(scope, task):
        raise PermissionDenied(_("Only the lead or a cooperating organisation may do this."))
    return scope, task


@transaction.atomic
def task_report_progress(
    *,
    user: Actor,
    task: Task,
    percent: int,
    text: str,
    attachment=None,
    day: date | None = None,
) -> ProgressReport:
    _scope, task = _task_for_report(user, task)
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Progress is a per cent between 0 and 100.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("Say what has been done.")})
    if task.done_on is not None:
        raise ValidationError(_("The task is done; ask the assigning organisation to reopen it."))
    report = ProgressReport(
        task=task,
        day=_today(day),
        percent=percent,
        text=text.strip(),
        reported_by_id=getattr(user, "pk", None),
    )
    if attachment is not None:
        report.attachment = attachment
    report.save()
    task.progress = percent
    task.save(update_fields=["progress"])
    audit(task, "workplan.progress", user=user, data={"percent": percent})
    return report


@transaction.atomic
def task_request_extension(
    *, user: Actor, task: Task, deadline: date, reason: str, day: date | None = None
) -> ExtensionRequest:
    _scope, task = _task_for_report(user, task)
    if task.done_on is not None:
        raise ValidationError(_("The task is done; it needs no extension."))
    if task.deadline is None or deadline <= task.deadline:
        raise ValidationError({"deadline": _("The new deadline must be after the current one.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if task.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise ValidationError(_("An extension request of this task is already waiting."))
    request = ExtensionRequest.objects.create(
        task=task,
        requested_deadline=deadline,
        reason=reason.strip(),
        requested_on=_today(day),
        requested_by_id=getattr(user, "pk", None),
    )
    audit(task, "workplan.extension_request", user=user, data={"deadline": deadline.isoformat()})
    notify(task, _("Extension requested for: %(title)s") % {"title": task.title}, _assigners(task))
    return request


@transaction.atomic
def task_decide_extension(
    *,
    user: Actor,
    request: ExtensionRequest,
    approve: bool,
    note: str = "",
    day: date | None = None,
) -> ExtensionRequest:
    """The assigning organisation approves (the deadline moves from today on) or refuses."""
    _require_perm(user, "assign_task")
    scope = user_scope(user)
    request = ExtensionRequest.objects.select_for_update().select_related("task").get(pk=request.pk)
    task = Task.objects.select_for_update().get(pk=request.task_id)
    if not can_assign_for(scope, task):
        raise PermissionDenied(_("Only the assigning organisation may decide an extension."))
    if request.status != ExtensionRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    today = _today(day)
    request.status = (
        ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REFUSED
    )
    request.decided_on = today
    request.decided_by_id = getattr(user, "pk", None)
    request.decision_note = note
    request.save()
    if approve:
        task.deadline = request.requested_deadline
        task.save(update_fields=["deadline"])
        _record_deadline(task, today)
    audit(task, "workplan.extension_decision", user=user, data={"approved": approve})
    notify(
        task,
        (_("Extension approved: %(title)s") if approve else _("Extension refused: %(title)s"))
        % {"title": task.title},
        _assignees(task),
    )
    return request


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


RECURRENCE_MONTHS = {
    Task.Recurrence.MONTHLY: 1,
    Task.Recurrence.QUARTERLY: 3,
    Task.Recurrence.YEARLY: 12,
}


@transaction.atomic
def task_mark_done(*, user: Actor, task: Task, day: date | None = None) -> Task:
    """The lead organisation reports the task done (on ``day``, today by default); a recurring
    task gets its next occurrence, with the next deadline."""
    _scope, task = _task_for_report(user, task)
    if task.done_on is not None:
        raise ValidationError(_("The task is already done."))
    done = _today(day)
    if done < task.assigned_on:
        raise ValidationError(_("A task cannot be done before it was assigned."))
    task.done_on = done
    task.progress = 100
    task.save(update_fields=["done_on", "progress"])
    _record_completion(task, done)
    audit(task, "workplan.done", user=user)
    if task.recurrence and not hasattr_next(task):
        following = Task.objects.get(pk=task.pk)
        following.pk = None
        following.previous = task
        following.done_on = following.confirmed_on = following.history_from = None
        following.progress = 0
        following.assigned_on = done
        following.starts_on = min(done, task.deadline)
        following.deadline = _add_months(task.deadline, RECURRENCE_MONTHS[task.recurrence])
        following.save()
        following.cooperating.set(task.cooperating.all())
        _record_deadline(following, done)
        audit(following, "wagtail.create", user=user)
    notify(
        task, _("Reported done, to confirm: %(title)s") % {"title": task.title}, _assigners(task)
    )
    return task


def hasattr_next(task: Task) -> bool:
    return Task.objects.filter(previous=task).exists()


@transaction.atomic
def task_confirm_done(
    *, user: Actor, task: Task, accept: bool = True, note: str = "", day: date | None = None
) -> Task:
    """The assigning organisation confirms a completion, or refuses it: the task is open again
    from today on (the history keeps that it was reported done meanwhile)."""
    _require_perm(user, "confirm_task")
    scope = user_scope(user)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not can_assign_for(scope, task):
        raise PermissionDenied(_("Only the assigning organisation may confirm the task."))
    if task.done_on is None:
        raise ValidationError(_("The task has not been reported done."))
    if task.confirmed_on is not None:
        raise ValidationError(_("The completion has already been confirmed."))
    today = _today(day)
    if accept:
        task.confirmed_on = today
        task.save(update_fields=["confirmed_on"])
        audit(task, "workplan.confirm", user=user)
        notify(task, _("Completion confirmed: %(title)s") % {"title": task.title}, _assignees(task))
    else:
        task.done_on = None
        task.save(update_fields=["done_on"])
        _record_completion(task, today)
        audit(task, "workplan.reopen", user=user, data={"note": note})
        notify(
            task,
            _("Completion not accepted, the task is open again: %(title)s") % {"title": task.title},
            _assignees(task),
        )
    return task


# Conferences, conclusions, petitions ----------------------------------------------------------


DOCUMENT_EXTENSIONS = (
    "pdf",
    "doc",
    "docx",
    "odt",
    "xls",
    "xlsx",
    "ods",
    "ppt",
    "pptx",
    "jpg",
    "png",
)
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def _check_document(file) -> None:
    name = getattr(file, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("%(name)s: only these kinds of file may be attached: %(kinds)s.")
            % {"name": name, "kinds": ", ".join(DOCUMENT_EXTENSIONS)}
        )
    if (getattr(file, "size", 0) or 0) > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(size)s MB.")
            % {"name": name, "size": DOCUMENT_MAX_BYTES // (1024 * 1024)}
        )


@transaction.atomic
def conference_record(
    *,
    user: Actor,
    data: dict[str, Any],
    conference: Conference | None = None,
    participants: Iterable[Organisation] | None = None,
    bridge_points: Iterable[tuple[Organisation, str]] | None = None,
    documents: Iterable[tuple[str, Any]] = (),
) -> Conference:
    """Record a conference (or its changes: minutes, agenda): its organiser, chair,
    participants and bridge points must lie in the user's scope. ``documents`` (title, file)
    are attached to it (agenda, minutes, slides), beside those it already has."""
    _require_perm(user, "change_conference" if conference else "add_conference")
    scope = user_scope(user)
    if conference is not None:
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        _require_org(scope, conference.organisation)
    created = conference is None
    conference = conference or Conference()
    _set(conference, data, CONFERENCE_FIELDS)
    if not conference.organisation_id and scope.organisation is not None:
        conference.organisation = scope.organisation
    _require_org(scope, conference.organisation)
    _require_person(scope, conference.chair)
    participants = list(participants) if participants is not None else None
    bridge_points = list(bridge_points) if bridge_points is not None else None
    for organisation in participants or ():
        _require_org(scope, organisation)
    for organisation, _place in bridge_points or ():
        _require_org(scope, organisation)
    if bridge_points and conference.kind != Conference.Kind.ONLINE:
        raise ValidationError({"kind": _("Only an online conference has bridge points.")})
    documents = [((title or "").strip(), file) for title, file in documents]
    for title, file in documents:
        if not file:
            raise ValidationError(
                _("Choose the file of the document “%(title)s”.") % {"title": title}
            )
        _check_document(file)
    _full_clean(conference)
    conference.save()
    if participants is not None:
        conference.participants.set(participants)
    if bridge_points is not None:
        conference.bridge_points.all().delete()
        BridgePoint.objects.bulk_create(
            [BridgePoint(conference=conference, organisation=o, place=p) for o, p in bridge_points]
        )
    for title, file in documents:
        document = ConferenceDocument(conference=conference, title=title or file.name, file=file)
        _full_clean(document)
        document.save()
    audit(conference, "wagtail.create" if created else "wagtail.edit", user=user)
    return conference


@transaction.atomic
def conclusion_record(
    *, user: Actor, data: dict[str, Any], conclusion: Conclusion | None = None
) -> Conclusion:
    _require_perm(user, "change_conclusion" if conclusion else "add_conclusion")
    scope = user_scope(user)
    created = conclusion is None
    conclusion = conclusion or Conclusion()
    _set(conclusion, data, CONCLUSION_FIELDS)
    if not conclusion.organisation_id and scope.organisation is not None:
        conclusion.organisation = scope.organisation
    _require_org(scope, conclusion.organisation)
    _require_person(scope, conclusion.signer)
    _full_clean(conclusion)
    conclusion.save()
    audit(conclusion, "wagtail.create" if created else "wagtail.edit", user=user)
    return conclusion


@transaction.atomic
def petition_record(
    *, user: Actor, data: dict[str, Any], petition: Petition | None = None
) -> Petition:
    _require_perm(user, "change_petition" if petition else "add_petition")
    scope = user_scope(user)
    created = petition is None
    if petition is not None:
        petition = Petition.objects.select_for_update().get(pk=petition.pk)
        if not (scope.everything or scope.can_see_organisation(petition.raised_by)):
            raise PermissionDenied(_("Only the organisation that raised it may change it."))
    petition = petition or Petition()
    _set(petition, data, PETITION_FIELDS)
    # A district raises petitions to the department, outside its own scope: only the raising
    # organisation must be its own.
    _require_org(scope, petition.raised_by)
    if petition.source == Petition.Source.CONFERENCE and not petition.conference_id:
        raise ValidationError({"conference": _("Choose the conference it was raised at.")})
    _full_clean(petition)
    petition.save()
    audit(petition, "wagtail.create" if created else "wagtail.edit", user=user)
    return petition


@transaction.atomic
def petition_group(*, user: Actor, petitions: Iterable[Petition], topic: str) -> PetitionGroup:
    """Group petitions on one topic, to be answered once; they must share who answers."""
    _require_perm(user, "change_petition")
    scope = user_scope(user)
    petitions = list(Petition.objects.select_for_update().filter(pk__in=[p.pk for p in petitions]))
    if len(petitions) < 2:
        raise ValidationError(_("Choose at least two petitions to group."))
    answering = {p.answering_organisation_id for p in petitions}
    if len(answering) != 1:
        raise ValidationError(_("Grouped petitions must be answered by the same organisation."))
    if any(p.status == Petition.Status.ANSWERED for p in petitions):
        raise ValidationError(_("An answered petition cannot be grouped."))
    answering_org = petitions[0].answering_organisation
    _require_org(scope, answering_org)
    if not topic.strip():
        raise ValidationError({"topic": _("Name the topic.")})
    group = PetitionGroup.objects.create(topic=topic.strip(), answering_organisation=answering_org)
    Petition.objects.filter(pk__in=[p.pk for p in petitions]).update(group=group)
    for petition in petitions:
        audit(petition, "workplan.group", user=user, data={"group": group.pk})
    return group


@transaction.atomic
def petition_answer(
    *,
    user: Actor,
    petition: Petition,
    text: str,
    answer_date: date | None = None,
    number: str = "",
    answered_by: Person | None = None,
) -> list[Petition]:
    """Answer a petition, and every petition grouped with it, once. Only the answering
    organisation (or one above it) may answer."""
    _require_perm(user, "change_petition")
    scope = user_scope(user)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    _require_org(scope, petition.answering_organisation)
    _require_person(scope, answered_by)
    if not (text or "").strip():
        raise ValidationError({"answer_text": _("Write the answer.")})
    targets = list(
        Petition.objects.select_for_update().filter(group_id=petition.group_id)
        if petition.group_id
        else [petition]
    )
    if all(p.status == Petition.Status.ANSWERED for p in targets):
        raise ValidationError(_("This petition has already been answered."))
    for target in targets:
        target.status = Petition.Status.ANSWERED
        target.answer_text = text.strip()
        target.answer_date = _today(answer_date)
        target.answer_number = number
        target.answered_by = answered_by
        target.save()
        audit(target, "workplan.answer", user=user)
    return targets


# Schemes and programmes -----------------------------------------------------------------------


@transaction.atomic
def scheme_save(*, user: Actor, data: dict[str, Any], scheme: Scheme | None = None) -> Scheme:
    _require_perm(user, "change_scheme" if scheme else "add_scheme")
    scope = user_scope(user)
    if scheme is not None:
        _require_org(scope, Scheme.objects.get(pk=scheme.pk).lead_organisation)
    created = scheme is None
    scheme = scheme or Scheme()
    _set(scheme, data, SCHEME_FIELDS)
    _require_org(scope, scheme.lead_organisation)
    if scheme.starts_on and scheme.ends_on and scheme.ends_on < scheme.starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    _full_clean(scheme)
    scheme.save()
    audit(scheme, "wagtail.create" if created else "wagtail.edit", user=user)
    return scheme


MILESTONE_FIELDS = ("title", "due", "reached_on")
PROGRAMME_ITEM_FIELDS = ("title", "organisation", "due", "note", "order")


def _locked_in_reach(user: Actor, perm: str, record, owner: str) -> tuple[Scope, Any]:
    """``record`` locked for the write, once the user may ``perm`` and reaches its ``owner``
    organisation (a scheme's lead, a programme's organisation)."""
    _require_perm(user, perm)
    scope = user_scope(user)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    _require_org(scope, getattr(record, owner))
    return scope, record


def _scheme_in_reach(user: Actor, scheme: Scheme) -> tuple[Scope, Scheme]:
    return _locked_in_reach(user, "change_scheme", scheme, "lead_organisation")


@transaction.atomic
def milestone_save(
    *,
    user: Actor,
    scheme: Scheme,
    title: str,
    due: date,
    reached_on: date | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    """Add a milestone to a scheme the user may edit, or change ``milestone`` (one of its
    own); without ``milestone``, the scheme's milestone of the same title is updated."""
    _scope, scheme = _scheme_in_reach(user, scheme)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Name the milestone.")})
    if due is None:
        raise ValidationError({"due": _("Give the date the milestone is due.")})
    if milestone is not None:
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.scheme_id != scheme.pk:
            raise PermissionDenied(_("This milestone belongs to another scheme."))
    else:
        milestone = Milestone.objects.filter(scheme=scheme, title=title).first()
    created = milestone is None
    milestone = milestone or Milestone(scheme=scheme)
    before = {name: getattr(milestone, name) for name in MILESTONE_FIELDS}
    milestone.title, milestone.due, milestone.reached_on = title, due, reached_on
    if not created and before == {name: getattr(milestone, name) for name in MILESTONE_FIELDS}:
        return milestone  # saved unchanged: nothing to log
    _full_clean(milestone)
    milestone.save()
    audit(
        scheme,
        "wagtail.edit",
        user=user,
        data={"milestone": title, "milestone_id": milestone.pk, "created": created},
    )
    return milestone


@transaction.atomic
def milestone_delete(*, user: Actor, milestone: Milestone) -> None:
    """Remove a milestone from a scheme the user may edit."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    _scope, scheme = _scheme_in_reach(user, milestone.scheme)
    title = milestone.title
    milestone.delete()
    audit(scheme, "wagtail.edit", user=user, data={"milestone": title, "deleted": True})


def scheme_progress(scheme: Scheme) -> int:
    """The progress of a scheme: the mean progress of its tasks (0 without tasks)."""
    values = list(scheme.tasks.values_list("progress", flat=True))
    return round(sum(values) / len(values)) if values else 0


@transaction.atomic
def programme_save(
    *,
    user: Actor,
    data: dict[str, Any],
    programme: Programme | None = None,
    items: Iterable[dict[str, Any]] | None = None,
) -> Programme:
    """Save a programme, and replace its items when ``items`` is given (title, organisation,
    due, note); each item's organisation must lie in scope."""
    _require_perm(user, "change_programme" if programme else "add_programme")
    scope = user_scope(user)
    if programme is not None:
        _require_org(scope, Programme.objects.get(pk=programme.pk).organisation)
    created = programme is None
    programme = programme or Programme()
    _set(programme, data, PROGRAMME_FIELDS)
    if not programme.organisation_id and scope.organisation is not None:
        programme.organisation = scope.organisation
    _require_org(scope, programme.organisation)
    _full_clean(programme)
    programme.save()
    if items is not None:
        items = list(items)
        for item in items:
            _require_org(scope, item["organisation"])
        programme.items.filter(tasks__isnull=True).delete()
        for order, item in enumerate(items):
            ProgrammeItem.objects.update_or_create(
                programme=programme,
                title=item["title"],
                defaults={
                    "organisation": item["organisation"],
                    "due": item.get("due"),
                    "note": item.get("note", ""),
                    "order": order,
                },
            )
    audit(programme, "wagtail.create" if created else "wagtail.edit", user=user)
    return programme


def _programme_in_reach(user: Actor, programme: Programme) -> tuple[Scope, Programme]:
    return _locked_in_reach(user, "change_programme", programme, "organisation")


@transaction.atomic
def programme_item_save(
    *,
    user: Actor,
    programme: Programme,
    data: dict[str, Any],
    item: ProgrammeItem | None = None,
) -> ProgrammeItem:
    """Add an item to a programme the user may edit, or change ``item`` (one of its own):
    the item's lead organisation must lie in the user's reach."""
    scope, programme = _programme_in_reach(user, programme)
    if item is not None:
        item = ProgrammeItem.objects.select_for_update().get(pk=item.pk)
        if item.programme_id != programme.pk:
            raise PermissionDenied(_("This item belongs to another work programme."))
        _require_org(scope, item.organisation)
    created = item is None
    item = item or ProgrammeItem(programme=programme)
    changes = {
        name: value
        for name, value in data.items()
        if name in PROGRAMME_ITEM_FIELDS and (created or getattr(item, name) != value)
    }
    if not changes and not created:
        return item  # saved unchanged: nothing to check, nothing to log
    _set(item, changes, PROGRAMME_ITEM_FIELDS)
    if created and "order" not in changes:
        last = programme.items.order_by("-order").values_list("order", flat=True).first()
        item.order = 0 if last is None else last + 1
    if not item.organisation_id:
        raise ValidationError({"organisation": _("Choose the lead organisation.")})
    _require_org(scope, item.organisation)
    if not (item.title or "").strip():
        raise ValidationError({"title": _("Name the item.")})
    item.title = item.title.strip()
    _full_clean(item)
    item.save()
    audit(
        programme,
        "wagtail.edit",
        user=user,
        data={"item": item.title, "item_id": item.pk, "created": created},
    )
    return item


@transaction.atomic
def programme_item_delete(*, user: Actor, item: ProgrammeItem) -> None:
    """Remove an item from a programme the user may edit; an item tasks were assigned from
    stays (the tasks name it)."""
    item = ProgrammeItem.objects.select_for_update().get(pk=item.pk)
    scope, programme = _programme_in_reach(user, item.programme)
    _require_org(scope, item.organisation)
    if item.tasks.exists():
        raise ValidationError(_("Tasks were assigned from this item: it cannot be removed."))
    title = item.title
    item.delete()
    audit(programme, "wagtail.edit", user=user, data={"item": title, "deleted": True})


# Calendar feeds -------------------------------------------------------------------------------


@transaction.atomic
def calendar_token_create(
    *, user: Actor, organisation: Organisation | None = None, person: Person | None = None
) -> CalendarToken:
    """A private address of the deadlines of an organisation or a person in the user's scope."""
    from django.utils.crypto import get_random_string

    _require_perm(user, "view_task")
    scope = user_scope(user)
    if (organisation is None) == (person is None):
        raise ValidationError(_("Choose an organisation or a person."))
    _require_org(scope, organisation)
    _require_person(scope, person)
    token = CalendarToken.objects.create(
        token=get_random_string(40),
        organisation=organisation,
        person=person,
        created_by_id=getattr(user, "pk", None),
    )
    audit(token, "wagtail.create", user=user)
    return token


@transaction.atomic
def calendar_token_revoke(*, user: Actor, token: CalendarToken) -> CalendarToken:
    """Revoke a feed's address: it answers 404 from now on."""
    _require_perm(user, "view_task")
    scope = user_scope(user)
    token = CalendarToken.objects.select_for_update().get(pk=token.pk)
    if not (scope.everything or token.created_by_id == getattr(user, "pk", None)):
        _require_org(scope, token.organisation or token.person.organisation)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit(token, "wagtail.edit", user=user)
    return token


def conference_news_blocks(
    conference: Conference, *, with_petitions: bool = True
) -> tuple[str, list[tuple[str, str]]]:
    """The lead and body of the article on a conference: the date, organiser and bridge points,
    its minutes, and the petitions answered at it with their answers."""
    day = format_date(timezone.localtime(conference.starts_at).date())
    if conference.kind == Conference.Kind.ONLINE:
        points = conference.bridge_points.count()
        lead = _(
            "On %(day)s, %(organisation)s held the online conference “%(title)s”, with "
            "%(points)s bridge points."
        ) % {
            "day": day,
            "organisation": conference.organisation,
            "title": conference.title,
            "points": points,
        }
    else:
        lead = _("On %(day)s, %(organisation)s held the conference “%(title)s”.") % {
            "day": day,
            "organisation": conference.organisation,
            "title": conference.title,
        }
    if conference.chair_id:
        lead += " " + _("%(chair)s chaired it.") % {"chair": conference.chair}
    blocks = [("paragraph", part.strip()) for part in conference.minutes.split("\n\n")]
    if with_petitions:
        answered = (
            conference.petitions.filter(status=Petition.Status.ANSWERED)
            .select_related("raised_by", "answering_organisation")
            .order_by("pk")
        )
        if answered:
            blocks.append(("heading", _("Petitions and answers")))
        for petition in answered:
            blocks.append(
                (
                    "paragraph",
                    _("Petition of %(unit)s: %(content)s")
                    % {"unit": petition.raised_by, "content": petition.content},
                )
            )
            reference = ", ".join(
                part for part in (petition.answer_number, format_date(petition.answer_date)) if part
            )
            blocks.append(
                (
                    "paragraph",
                    _("Answer of %(unit)s (%(reference)s): %(answer)s")
                    % {
                        "unit": petition.answering_organisation,
                        "reference": reference,
                        "answer": petition.answer_text,
                    },
                )
            )
    return lead, blocks


@transaction.atomic
def conference_propose_news(
    *, user: Actor, conference: Conference, with_petitions: bool = True
) -> int:
    """Propose the news of a conference (and the petitions answered at it) to the portal of its
    organiser: a draft the portal's editorial board publishes or sends back. Once per
    conference; returns the article's page id."""
    _require_perm(user, "change_conference")
    # Only the conference's own row is locked: its chair may be empty (an outer join).
    conference = (
        Conference.objects.select_for_update(of=("self",))
        .select_related("organisation", "chair")
        .get(pk=conference.pk)
    )
    _require_org(user_scope(user), conference.organisation)
    if conference.news_article_id:
        raise ValidationError(_("The news of this conference was already sent to the portal."))
    lead, blocks = conference_news_blocks(conference, with_petitions=with_petitions)
    article_id = propose_article(
        user=user,
        organisation=conference.organisation,
        title=conference.title,
        lead=lead,
        blocks=blocks,
        source=str(conference.organisation),
    )
    conference.news_article_id = article_id
    conference.save(update_fields=["news_article_id"])
    audit(conference, "wagtail.edit", user=user, data={"news_article": article_id})
    return article_id


# Reports --------------------------------------------------------------------------------------


@transaction.atomic
def implementation_report_request(
    *,
    user: Actor,
    organisation: Organisation | None = None,
    day: date | None = None,
    number: str = "",
) -> ImplementationReport:
    """Ask the worker for the report on the implementation of the tasks an organisation in
    the user's scope leads or assigned, with their status on ``day`` (today by default)."""
    _require_perm(user, "view_task")
    scope = user_scope(user)
    organisation = organisation or scope.organisation
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the organisation.")})
    _require_org(scope, organisation)
    report = ImplementationReport.objects.create(
        organisation=organisation,
        day=_today(day),
        number=(number or "").strip()[:50],
        requested_by_id=getattr(user, "pk", None),
    )
    audit(report, "wagtail.create", user=user)
    from .tasks import write_implementation_report

    report_pk = report.pk
    transaction.on_commit(lambda: write_implementation_report.enqueue(report_pk))
    return report
