"""Writes of one-stop services: each is one atomic, permission- and scope-checked, audit-logged
function ``<entity>_<action>(*, user, ...)``. A citizen submitting online is an anonymous
user; the demo and scheduled work are the system actor. ``now`` lets the demo and the tests
place a write at another time; it defaults to the present.

One module: a dossier's steps share their locking, scope, deadline and notification helpers.
"""

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.actors import SYSTEM, Actor, audit, is_system
from congso.core.text import fold, format_date
from congso.directory.models import Organisation
from congso.directory.selectors import Scope, organisation_of, user_scope

from .calendar import add_working_days
from .models import (
    CalendarDay,
    Desk,
    Dossier,
    DossierEvent,
    DossierFile,
    Notification,
    Procedure,
    ProcessingStep,
    RequiredDocument,
    Transfer,
)

S = Dossier.Status
E = DossierEvent.Kind


def _require_perm(user: Actor, perm: str) -> None:
    if not user.has_perm(f"onestop.{perm}"):
        raise PermissionDenied(_("You do not have permission to do this."))


def _require_organisation(scope: Scope, organisation: Organisation | None) -> None:
    if organisation is not None and not scope.can_see_organisation(organisation):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": organisation})


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _day(now: datetime) -> date:
    return timezone.localdate(now)


def _account(user: Actor):
    return user if getattr(user, "pk", None) else None


# --- catalogue ------------------------------------------------------------------------------


def _save_catalogue_record(user: Actor, record, perm_model: str, organisation) -> Any:
    _require_perm(user, f"{'change' if record.pk else 'add'}_{perm_model}")
    scope = user_scope(user)
    _require_organisation(scope, organisation)
    if record.pk:
        # The record as saved must be in scope too: nobody moves another unit's record in.
        saved = type(record)._default_manager.get(pk=record.pk)
        owner = {
            "procedure": lambda r: r.agency,
            "desk": lambda r: r.organisation,
        }.get(perm_model, lambda r: r.procedure.agency)(saved)
        _require_organisation(scope, owner)
    record.fill_derived()
    record.full_clean()
    created = record.pk is None
    record.save()
    audit(record, "wagtail.create" if created else "wagtail.edit", user=user)
    return record


@transaction.atomic
def procedure_save(*, user: Actor, procedure: Procedure) -> Procedure:
    return _save_catalogue_record(user, procedure, "procedure", procedure.agency)


@transaction.atomic
def document_save(*, user: Actor, document: RequiredDocument) -> RequiredDocument:
    return _save_catalogue_record(user, document, "requireddocument", document.procedure.agency)


@transaction.atomic
def step_save(*, user: Actor, step: ProcessingStep) -> ProcessingStep:
    if step.organisation_id:
        _require_organisation(user_scope(user), step.organisation)
    return _save_catalogue_record(user, step, "processingstep", step.procedure.agency)


@transaction.atomic
def desk_save(*, user: Actor, desk: Desk) -> Desk:
    return _save_catalogue_record(user, desk, "desk", desk.organisation)


@transaction.atomic
def calendar_day_save(*, user: Actor, day: CalendarDay) -> CalendarDay:
    _require_perm(user, f"{'change' if day.pk else 'add'}_calendarday")
    day.fill_derived()
    day.full_clean()
    created = day.pk is None
    day.save()
    audit(day, "wagtail.create" if created else "wagtail.edit", user=user)
    return day


# --- dossier codes --------------------------------------------------------------------------


def agency_code(organisation: Organisation) -> str:
    desk = Desk.objects.filter(organisation=organisation).only("code").first()
    return desk.code if desk else f"{organisation.pk:06d}"


def next_dossier_code(code: str, day: date) -> str:
    """``code-YYMMDD-NNNN``: the next number of the agency's day, taken by one statement that
    inserts the day's counter or increments it under the row's lock, so that parallel
    submissions get distinct, consecutive numbers and none is lost."""
    table = "onestop_dossiercounter"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_code, day, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (agency_code, day) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [code, day],
        )
        (number,) = cursor.fetchone()
    return f"{code}-{day:%y%m%d}-{number:04d}"


# --- notifications --------------------------------------------------------------------------


def _notify(dossier: Dossier, message: str) -> None:
    """Queue an e-mail (if the applicant gave one) and an SMS; the worker sends them."""
    subject = _("Dossier %(code)s") % {"code": dossier.code}
    rows = [Notification(dossier=dossier, channel="sms", recipient=dossier.phone, body=message)]
    if dossier.email:
        rows.append(
            Notification(
                dossier=dossier,
                channel="email",
                recipient=dossier.email,
                subject=subject,
                body=message,
            )
        )
    Notification.objects.bulk_create(rows)

    def enqueue():
        from .tasks import send_notifications

        send_notifications.enqueue()

    transaction.on_commit(enqueue)


def _event(dossier: Dossier, kind: str, *, user: Actor, now: datetime, **fields) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier, kind=kind, at=now, user=_account(user), **fields
    )


# --- submission -----------------------------------------------------------------------------

APPLICANT_FIELDS = ("applicant_name", "identity_number", "phone", "email", "address", "consent")


def _check_upload(upload: UploadedFile) -> None:
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    allowed = settings.ONESTOP_UPLOAD_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            _("%(name)s: only these kinds of files are accepted: %(kinds)s.")
            % {"name": upload.name, "kinds": ", ".join(allowed)}
        )
    limit = settings.ONESTOP_MAX_UPLOAD_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.") % {"name": upload.name, "limit": limit}
        )


def _attach(dossier: Dossier, uploads: dict[int, UploadedFile]) -> None:
    documents = {d.pk: d for d in dossier.procedure.documents.all()}
    for document_id, upload in uploads.items():
        document = documents.get(document_id)
        if document is None:
            raise ValidationError(_("This document is not one of the procedure's."))
        _check_upload(upload)
        dossier.files.filter(document=document).delete()
        DossierFile.objects.create(
            dossier=dossier, document=document, name=upload.name, file=upload, size=upload.size
        )


@transaction.atomic
def dossier_draft_save(
    *,
    user: Actor,
    procedure: Procedure,
    data: dict[str, Any],
    uploads: dict[int, UploadedFile] | None = None,
    dossier: Dossier | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Save an online application as a draft (new, or resumed by its secret link)."""
    now = _now(now)
    if not procedure.accepts_online:
        raise ValidationError(_("This procedure cannot be submitted online."))
    if dossier is None:
        dossier = Dossier(
            procedure=procedure,
            agency=procedure.agency,
            channel=Dossier.Channel.ONLINE,
            access_token=secrets.token_urlsafe(32),
        )
    elif dossier.status != S.DRAFT:
        raise ValidationError(_("This dossier has already been submitted."))
    for name in APPLICANT_FIELDS:
        if name in data:
            setattr(dossier, name, data[name])
    dossier.fill_derived()
    dossier.save()
    _attach(dossier, uploads or {})
    if not dossier.events.filter(kind=E.DRAFT).exists():
        _event(dossier, E.DRAFT, user=user, now=now)
    audit(dossier, "wagtail.edit", user=user)
    return dossier


def _check_complete(dossier: Dossier) -> None:
    errors = {}
    for name in ("applicant_name", "identity_number", "phone", "address"):
        if not getattr(dossier, name):
            errors[name] = _("This field is required.")
    if not dossier.consent:
        errors["consent"] = _("You must consent to the processing of your personal data.")
    have = set(dossier.files.values_list("document_id", flat=True))
    missing = [d.name for d in dossier.procedure.documents.all() if d.required and d.pk not in have]
    if missing:
        errors["__all__"] = _("Documents missing: %(names)s.") % {"names": "; ".join(missing)}
    if errors:
        raise ValidationError(errors)


def _assign_code(dossier: Dossier, now: datetime) -> None:
    dossier.code = next_dossier_code(agency_code(dossier.agency), _day(now))
    dossier.submitted_at = now
    dossier.location = dossier.agency


@transaction.atomic
def dossier_submit(*, user: Actor, dossier: Dossier, now: datetime | None = None) -> Dossier:
    """Submit an online draft: it gets its code and awaits the desk's receipt."""
    now = _now(now)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.status != S.DRAFT:
        raise ValidationError(_("This dossier has already been submitted."))
    _check_complete(dossier)
    _assign_code(dossier, now)
    dossier.status = S.SUBMITTED
    # The appointment if received today; the desk's acceptance fixes it.
    dossier.due_date = add_working_days(_day(now), dossier.procedure.processing_days)
    dossier.fill_derived()
    dossier.save()
    _event(dossier, E.SUBMITTED, user=user, now=now, organisation=dossier.agency)
    audit(dossier, "onestop.submit", user=user)
    _notify(
        dossier,
        _("Your dossier %(code)s has been submitted online and awaits receipt.")
        % {"code": dossier.code},
    )
    return dossier


# --- the desk -------------------------------------------------------------------------------


#: what each action on a dossier needs besides ``change_dossier``: any one of these
#: (the desk receives and returns, the officer processes, the leader approves and apologises)
ACTION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "record": ("receive_dossier",),
    "accept": ("receive_dossier",),
    "supplement": ("receive_dossier", "process_dossier"),
    "supplement_received": ("receive_dossier",),
    "refuse": ("receive_dossier", "approve_dossier"),
    "step": ("process_dossier",),
    "transfer": ("process_dossier",),
    "transfer_return": ("process_dossier",),
    "hand_over": ("receive_dossier",),
    "apology": ("approve_dossier",),
    "result_ready": ("approve_dossier",),
    "return": ("receive_dossier",),
}


def may_act(user: Actor, action: str) -> bool:
    """Whether the user's roles allow ``action`` (a key of ``ACTION_PERMISSIONS``) at all; the
    dossier's scope is checked when acting."""
    return user.has_perm("onestop.change_dossier") and any(
        user.has_perm(f"onestop.{perm}") for perm in ACTION_PERMISSIONS[action]
    )


def _require_action(user: Actor, action: str) -> None:
    if not may_act(user, action):
        raise PermissionDenied(_("Your role does not allow this on a dossier."))


def _dossier_for(user: Actor, dossier: Dossier, action: str) -> Dossier:
    """The dossier, locked, if the user's role allows ``action`` and the dossier is theirs."""
    _require_action(user, action)
    locked = Dossier.objects.select_for_update().select_related("procedure").get(pk=dossier.pk)
    scope = user_scope(user)
    if not scope.everything:
        handling = {locked.agency_id, locked.location_id}
        handling |= set(
            locked.transfers.filter(returned_at__isnull=True).values_list(
                "to_organisation_id", flat=True
            )
        )
        if not scope.organisations.filter(pk__in=handling - {None}).exists():
            raise PermissionDenied(_("This dossier is outside your unit."))
    return locked


def _require_status(dossier: Dossier, *allowed: str) -> None:
    if dossier.status not in allowed:
        raise ValidationError(
            _("This cannot be done to a dossier in the state “%(status)s”.")
            % {"status": dossier.get_status_display()}
        )


def _start_processing(dossier: Dossier, day: date) -> None:
    dossier.status = S.PROCESSING
    dossier.due_date = add_working_days(day, dossier.procedure.processing_days)
    dossier.current_step = dossier.procedure.steps.order_by("order", "pk").first()


@transaction.atomic
def dossier_record(
    *,
    user: Actor,
    procedure: Procedure,
    data: dict[str, Any],
    channel: str,
    uploads: dict[int, UploadedFile] | None = None,
    now: datetime | None = None,
    is_sample: bool = False,
) -> Dossier:
    """A clerk records a dossier received at the desk or by post: it is accepted at once."""
    now = _now(now)
    _require_perm(user, "add_dossier")
    _require_action(user, "record")
    if channel not in (Dossier.Channel.DESK, Dossier.Channel.POST, Dossier.Channel.ONLINE):
        raise ValidationError(_("Unknown channel."))
    scope = user_scope(user)
    _require_organisation(scope, procedure.agency)
    dossier = Dossier(
        procedure=procedure,
        agency=procedure.agency,
        channel=channel,
        access_token=secrets.token_urlsafe(32),
        is_sample=is_sample,
        **{k: v for k, v in data.items() if k in APPLICANT_FIELDS},
    )
    if not dossier.consent:
        # Given on paper at the desk.
        dossier.consent = True
    for name in ("applicant_name", "identity_number", "phone", "address"):
        if not getattr(dossier, name):
            raise ValidationError({name: _("This field is required.")})
    _assign_code(dossier, now)
    dossier.received_on = _day(now)
    _start_processing(dossier, _day(now))
    dossier.handler = _account(user)
    dossier.fill_derived()
    dossier.save()
    _attach(dossier, uploads or {})
    _event(dossier, E.ACCEPTED, user=user, now=now, organisation=dossier.agency)
    audit(dossier, "wagtail.create", user=user)
    _notify(dossier, _appointment_message(dossier))
    return dossier


def _appointment_message(dossier: Dossier) -> str:
    return _("Dossier %(code)s has been received. Appointment to return the result: %(date)s.") % {
        "code": dossier.code,
        "date": format_date(dossier.deadline),
    }


@transaction.atomic
def dossier_accept(*, user: Actor, dossier: Dossier, now: datetime | None = None) -> Dossier:
    now = _now(now)
    dossier = _dossier_for(user, dossier, "accept")
    _require_status(dossier, S.SUBMITTED)
    dossier.received_on = _day(now)
    _start_processing(dossier, _day(now))
    dossier.handler = _account(user)
    dossier.fully_online = (
        dossier.channel == Dossier.Channel.ONLINE
        and dossier.procedure.online_level == Procedure.OnlineLevel.FULL
    )
    dossier.save()
    _event(dossier, E.ACCEPTED, user=user, now=now, organisation=dossier.agency)
    audit(dossier, "onestop.accept", user=user)
    _notify(dossier, _appointment_message(dossier))
    return dossier


@transaction.atomic
def dossier_request_supplement(
    *, user: Actor, dossier: Dossier, items: str, now: datetime | None = None
) -> Dossier:
    """Ask for every missing item at once; the clock stops until they arrive."""
    now = _now(now)
    items = (items or "").strip()
    if not items:
        raise ValidationError({"items": _("List every item to supplement.")})
    dossier = _dossier_for(user, dossier, "supplement")
    _require_status(dossier, S.SUBMITTED, S.PROCESSING)
    if dossier.received_on is None:
        dossier.received_on = _day(now)
    dossier.status = S.SUPPLEMENT
    dossier.supplement_items = items
    dossier.save()
    _event(dossier, E.SUPPLEMENT_REQUESTED, user=user, now=now, note=items)
    audit(dossier, "onestop.supplement", user=user)
    _notify(
        dossier,
        _("Dossier %(code)s needs these items: %(items)s") % {"code": dossier.code, "items": items},
    )
    return dossier


@transaction.atomic
def dossier_supplement_received(
    *,
    user: Actor,
    dossier: Dossier,
    note: str = "",
    uploads: dict[int, UploadedFile] | None = None,
    now: datetime | None = None,
) -> Dossier:
    """The items arrived: the clock restarts for the whole processing time from today."""
    now = _now(now)
    dossier = _dossier_for(user, dossier, "supplement_received")
    _require_status(dossier, S.SUPPLEMENT)
    _attach(dossier, uploads or {})
    _start_processing(dossier, _day(now))
    dossier.apology_due_date = None
    dossier.save()
    _event(dossier, E.SUPPLEMENT_RECEIVED, user=user, now=now, note=note, due_date=dossier.due_date)
    audit(dossier, "onestop.supplement_received", user=user)
    _notify(dossier, _appointment_message(dossier))
    return dossier


@transaction.atomic
def dossier_refuse(
    *, user: Actor, dossier: Dossier, reason: str, now: datetime | None = None
) -> Dossier:
    now = _now(now)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    dossier = _dossier_for(user, dossier, "refuse")
    _require_status(dossier, S.SUBMITTED, S.SUPPLEMENT, S.PROCESSING)
    if dossier.received_on is None:
        dossier.received_on = _day(now)
    dossier.status = S.REFUSED
    dossier.refusal_reason = reason
    dossier.current_step = None
    dossier.save()
    _event(dossier, E.REFUSED, user=user, now=now, note=reason)
    audit(dossier, "onestop.refuse", user=user)
    _notify(
        dossier,
        _("Dossier %(code)s was refused: %(reason)s") % {"code": dossier.code, "reason": reason},
    )
    return dossier


# --- processing -----------------------------------------------------------------------------


@transaction.atomic
def dossier_step_complete(
    *, user: Actor, dossier: Dossier, note: str = "", now: datetime | None = None
) -> Dossier:
    """The current step is done; the dossier moves to the next (none after the last)."""
    now = _now(now)
    dossier = _dossier_for(user, dossier, "step")
    _require_status(dossier, S.PROCESSING)
    step = dossier.current_step
    if step is None:
        raise ValidationError(_("Every step of this dossier is done."))
    last = dossier.events.order_by("-at", "-pk").values_list("at", flat=True).first()
    _event(dossier, E.STEP_DONE, user=user, now=now, step=step, started_at=last, note=note)
    dossier.current_step = (
        dossier.procedure.steps.filter(order__gt=step.order).order_by("order", "pk").first()
        or dossier.procedure.steps.filter(order=step.order, pk__gt=step.pk).order_by("pk").first()
    )
    dossier.handler = _account(user)
    dossier.save()
    audit(dossier, "onestop.step", user=user, data={"step": step.name})
    return dossier


@transaction.atomic
def dossier_transfer(
    *,
    user: Actor,
    dossier: Dossier,
    to: Organisation,
    days: int,
    note: str = "",
    now: datetime | None = None,
) -> Transfer:
    """Send the dossier to another agency or level with its own deadline; several transfers may
    run in parallel, and the dossier is back when all have returned."""
    now = _now(now)
    dossier = _dossier_for(user, dossier, "transfer")
    _require_status(dossier, S.PROCESSING, S.TRANSFERRED)
    if days < 1:
        raise ValidationError({"days": _("Give at least one working day.")})
    if to.pk == dossier.agency_id:
        raise ValidationError({"to": _("The dossier is already at this agency.")})
    origin = organisation_of(user) if not is_system(user) else None
    transfer = Transfer.objects.create(
        dossier=dossier,
        from_organisation=origin or dossier.agency,
        to_organisation=to,
        sent_at=now,
        due_date=add_working_days(_day(now), days),
        note=note,
    )
    dossier.status = S.TRANSFERRED
    dossier.location = to
    dossier.save()
    _event(
        dossier,
        E.TRANSFERRED,
        user=user,
        now=now,
        organisation=to,
        due_date=transfer.due_date,
        note=note,
    )
    audit(dossier, "onestop.transfer", user=user, data={"to": to.name})
    _notify(
        dossier,
        _("Dossier %(code)s has been sent to %(agency)s.") % {"code": dossier.code, "agency": to},
    )
    return transfer


@transaction.atomic
def dossier_transfer_return(
    *, user: Actor, transfer: Transfer, note: str = "", now: datetime | None = None
) -> Dossier:
    now = _now(now)
    dossier = _dossier_for(user, transfer.dossier, "transfer_return")
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    scope = user_scope(user)
    if not (
        scope.can_see_organisation(dossier.agency)
        or scope.can_see_organisation(transfer.to_organisation)
    ):
        # An agency asked in parallel answers for its own part, not for another's.
        raise PermissionDenied(_("This dossier is outside your unit."))
    if transfer.returned_at is not None:
        raise ValidationError(_("This transfer has already returned."))
    transfer.returned_at = now
    transfer.save()
    _event(
        dossier,
        E.TRANSFER_RETURNED,
        user=user,
        now=now,
        organisation=transfer.to_organisation,
        note=note,
    )
    still_out = dossier.transfers.filter(returned_at__isnull=True).first()
    if still_out is None:
        dossier.status = S.PROCESSING
        dossier.location = dossier.agency
    else:
        dossier.location = still_out.to_organisation
    dossier.save()
    audit(dossier, "onestop.transfer_return", user=user)
    return dossier


@transaction.atomic
def dossier_hand_over(
    *, user: Actor, dossier: Dossier, to: Organisation, note: str = "", now: datetime | None = None
) -> Dossier:
    """The body that took over the receiving agency's work (the commune after the districts were
    abolished on 01/07/2025) takes the dossier over: it becomes the receiving agency, and the
    deadline and the code stay."""
    now = _now(now)
    dossier = _dossier_for(user, dossier, "hand_over")
    _require_organisation(user_scope(user), to)
    _require_status(dossier, S.SUBMITTED, S.SUPPLEMENT, S.PROCESSING)
    if to.pk == dossier.agency_id:
        raise ValidationError({"to": _("The dossier is already at this agency.")})
    previous = dossier.agency
    dossier.agency = to
    dossier.location = to
    dossier.save()
    _event(dossier, E.HANDED_OVER, user=user, now=now, organisation=to, note=note)
    audit(dossier, "onestop.hand_over", user=user, data={"from": previous.name, "to": to.name})
    _notify(
        dossier,
        _("Dossier %(code)s has been taken over by %(agency)s.")
        % {"code": dossier.code, "agency": to},
    )
    return dossier


@transaction.atomic
def dossier_apologise(
    *,
    user: Actor,
    dossier: Dossier,
    new_due: date,
    reason: str,
    now: datetime | None = None,
) -> Dossier:
    """The apology letter with a new appointment date and the reason for the delay, which the
    letter gives the applicant: once per dossier."""
    now = _now(now)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the delay.")})
    dossier = _dossier_for(user, dossier, "apology")
    _require_status(dossier, S.PROCESSING, S.TRANSFERRED)
    if dossier.apologised_at is not None:
        raise ValidationError(_("An apology letter has already been issued for this dossier."))
    if new_due <= dossier.due_date:
        raise ValidationError({"new_due": _("The new date must be after the appointment date.")})
    dossier.apology_due_date = new_due
    dossier.apologised_at = now
    dossier.apology_reason = reason
    dossier.save()
    _event(dossier, E.APOLOGY, user=user, now=now, due_date=new_due, note=reason)
    audit(dossier, "onestop.apology", user=user)
    _notify(
        dossier,
        _("We apologise: dossier %(code)s will be late. New appointment: %(date)s.")
        % {"code": dossier.code, "date": format_date(new_due)},
    )
    return dossier


@transaction.atomic
def dossier_result_ready(
    *, user: Actor, dossier: Dossier, note: str = "", now: datetime | None = None
) -> Dossier:
    now = _now(now)
    dossier = _dossier_for(user, dossier, "result_ready")
    _require_status(dossier, S.PROCESSING)
    dossier.status = S.RESULT_READY
    dossier.finished_on = _day(now)
    dossier.current_step = None
    dossier.location = dossier.agency
    dossier.save()
    _event(dossier, E.RESULT_READY, user=user, now=now, note=note)
    audit(dossier, "onestop.result_ready", user=user)
    _notify(dossier, _("The result of dossier %(code)s is ready.") % {"code": dossier.code})
    return dossier


@transaction.atomic
def dossier_return(
    *, user: Actor, dossier: Dossier, method: str, note: str = "", now: datetime | None = None
) -> Dossier:
    now = _now(now)
    if method not in Dossier.ReturnMethod.values:
        raise ValidationError({"method": _("Choose how the result is returned.")})
    dossier = _dossier_for(user, dossier, "return")
    _require_status(dossier, S.RESULT_READY)
    dossier.status = S.RETURNED
    dossier.returned_at = now
    dossier.return_method = method
    if method != Dossier.ReturnMethod.ONLINE:
        dossier.fully_online = False
    dossier.save()
    _event(dossier, E.RETURNED, user=user, now=now, note=note)
    audit(dossier, "onestop.returned", user=user)
    from .printing import lookup_url

    # The lookup, with the phone's last digits, is where any applicant rates the service.
    _notify(
        dossier,
        _(
            "The result of dossier %(code)s has been returned. Please rate our service: "
            "%(url)s (with the last four digits of your phone number)."
        )
        % {"code": dossier.code, "url": lookup_url(dossier)},
    )
    return dossier


@transaction.atomic
def dossier_rate(
    *, user: Actor, dossier: Dossier, rating: int, comment: str = "", now: datetime | None = None
) -> Dossier:
    """The applicant rates the service once the result is returned (their own access link)."""
    now = _now(now)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    _require_status(dossier, S.RETURNED)
    if dossier.rating is not None:
        raise ValidationError(_("This dossier has already been rated."))
    if rating not in Dossier.Rating.values:
        raise ValidationError({"rating": _("Choose a rating.")})
    dossier.rating = rating
    dossier.rating_comment = (comment or "").strip()[:2000]
    dossier.save()
    _event(dossier, E.RATED, user=user, now=now)
    audit(dossier, "onestop.rated", user=user)
    return dossier


def apologise_due_dossiers(*, today: date | None = None) -> int:
    """Scheduled: every open dossier due by the next working day and not yet apologised for
    gets its apology letter with a new appointment (half the processing time later, at least
    one working day). Returns how many."""
    today = today or timezone.localdate()
    horizon = add_working_days(today, 1)
    count = 0
    candidates = Dossier.objects.filter(
        status__in=Dossier.OPEN, apologised_at__isnull=True, due_date__lte=horizon
    ).select_related("procedure")
    for dossier in candidates.iterator():
        extra = max(1, dossier.procedure.processing_days // 2)
        new_due = add_working_days(max(dossier.due_date, today), extra)
        try:
            dossier_apologise(
                user=SYSTEM,
                dossier=dossier,
                new_due=new_due,
                reason=_("The dossier needs more time than planned."),
            )
        except ValidationError:
            continue
        count += 1
    return count


def erase_personal_data_due(*, now: datetime | None = None) -> int:
    """Scheduled: the applicant's personal data and files of every dossier closed (result
    returned, or refused) more than ``ONESTOP_RETENTION_DAYS`` ago are erased; the code, the
    procedure, the dates and the outcome stay for the statistics. 0 days keeps everything."""
    days = settings.ONESTOP_RETENTION_DAYS
    if not days:
        return 0
    now = _now(now)
    limit = now - timedelta(days=days)
    closed = Dossier.objects.filter(personal_data_erased__isnull=True).filter(
        Q(status=S.RETURNED, returned_at__lt=limit)
        | Q(status=S.REFUSED, events__kind=E.REFUSED, events__at__lt=limit)
    )
    count = 0
    for dossier in closed.distinct().iterator():
        with transaction.atomic():
            for item in dossier.files.all():
                item.file.delete(save=False)
            dossier.files.all().delete()
            Dossier.objects.filter(pk=dossier.pk).update(
                applicant_name="—",
                identity_number="",
                phone="",
                email="",
                address="",
                rating_comment="",
                search_text=fold(dossier.code or ""),
                personal_data_erased=now,
            )
            Notification.objects.filter(dossier=dossier).delete()
            audit(dossier, "onestop.erase", user=SYSTEM)
        count += 1
    return count
