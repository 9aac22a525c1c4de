"""Writes of the directory: each is one atomic, permission-checked, audit-logged function."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from congso.core.accounts import clean_username

from .models import AdminUnit, Cluster, ImportRun, Organisation, Person, UnitSuccession
from .roles import ROLES, default_role_for
from .selectors import user_scope
from .tasks import send_account_invitation

User = get_user_model()

ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "admin_unit",
    "address",
    "phone",
    "email",
    "website",
    "valid_from",
    "valid_to",
)
PERSON_FIELDS = (
    "full_name",
    "organisation",
    "position",
    "position_detail",
    "is_spokesperson",
    "email",
    "phone",
)


def _require_perm(user, codename: str) -> None:
    if not user.has_perm(f"directory.{codename}"):
        raise PermissionDenied(_("You do not have permission to do this."))


def _require_organisation(user, organisation: Organisation | None) -> None:
    if organisation is None:
        return
    if not user_scope(user).can_see_organisation(organisation):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": organisation})


def _require_unit(user, unit: AdminUnit | None) -> None:
    if unit is not None and not user_scope(user).can_see_unit(unit):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": unit})


def _check_organisation(organisation: Organisation) -> None:
    if (
        organisation.valid_from
        and organisation.valid_to
        and organisation.valid_to < organisation.valid_from
    ):
        raise ValidationError({"valid_to": _("The end date must not be before the start date.")})
    ancestor = organisation.parent
    while ancestor is not None:
        if organisation.pk and ancestor.pk == organisation.pk:
            raise ValidationError(
                {"parent": _("An organisation cannot be placed under itself or its branches.")}
            )
        ancestor = ancestor.parent
    organisation.full_clean()


@transaction.atomic
def organisation_create(*, user, data: dict[str, Any]) -> Organisation:
    _require_perm(user, "add_organisation")
    organisation = Organisation(**{k: v for k, v in data.items() if k in ORGANISATION_FIELDS})
    _require_unit(user, organisation.admin_unit)
    if organisation.parent_id:
        _require_organisation(user, organisation.parent)
    elif not user.is_superuser:
        # Below the user's own organisation unless placed elsewhere in scope.
        organisation.parent = user_scope(user).organisation
    organisation.fill_derived()
    _check_organisation(organisation)
    organisation.save()
    log(organisation, "wagtail.create", user=user)
    return organisation


@transaction.atomic
def organisation_update(*, user, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    _require_perm(user, "change_organisation")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _require_organisation(user, organisation)
    for field, value in data.items():
        if field in ORGANISATION_FIELDS:
            setattr(organisation, field, value)
    _require_unit(user, organisation.admin_unit)
    if organisation.parent_id:
        _require_organisation(user, organisation.parent)
    organisation.fill_derived()
    _check_organisation(organisation)
    organisation.save()
    log(organisation, "wagtail.edit", user=user)
    return organisation


@transaction.atomic
def person_save(
    *, user, data: dict[str, Any], person: Person | None = None, username: str = ""
) -> Person:
    """Create or change a person; with ``username``, also give them a user account with the
    role of their organisation, usable once they have chosen a password from the invitation."""
    _require_perm(user, "change_person" if person else "add_person")
    if person is not None:
        person = Person.objects.select_for_update().get(pk=person.pk)
        _require_organisation(user, person.organisation)
    else:
        person = Person()
    for field, value in data.items():
        if field in PERSON_FIELDS:
            setattr(person, field, value)
    _require_organisation(user, person.organisation)
    person.fill_derived()
    person.full_clean(exclude=["user"])
    if username and person.user_id is None:
        username = clean_username(username, field="username")
        account = User(username=username, email=person.email)
        # Vietnamese names read family name first: Django's "first last" would turn them round.
        account.first_name, account.last_name = person.full_name, ""
        account.set_unusable_password()
        account.save()
        role = default_role_for(person.organisation)
        if role is not None:
            account.groups.add(Group.objects.get(name=ROLES[role]["name"]))
        person.user = account
        # Only once the account surely exists: the worker runs outside this transaction.
        transaction.on_commit(lambda: send_account_invitation.enqueue(account.pk))
    created = person.pk is None
    person.save()
    log(person, "wagtail.create" if created else "wagtail.edit", user=user)
    return person


@transaction.atomic
def cluster_save(
    *,
    user,
    data: dict[str, Any],
    members: Iterable[AdminUnit],
    cluster: Cluster | None = None,
) -> Cluster:
    _require_perm(user, "change_cluster" if cluster else "add_cluster")
    members = list(members)
    if cluster is not None:
        cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
        _require_organisation(user, cluster.organisation)
    else:
        cluster = Cluster()
    for field in ("name", "organisation", "lead_unit", "valid_from", "valid_to", "note"):
        if field in data:
            setattr(cluster, field, data[field])
    _require_organisation(user, cluster.organisation)
    for unit in [cluster.lead_unit, *members]:
        _require_unit(user, unit)
    if cluster.lead_unit not in members:
        raise ValidationError({"lead_unit": _("The lead unit must be one of the members.")})
    if cluster.valid_from and cluster.valid_to and cluster.valid_to < cluster.valid_from:
        raise ValidationError({"valid_to": _("The end date must not be before the start date.")})
    day = cluster.valid_from or timezone.localdate()
    expired = [unit for unit in members if not unit.is_valid_on(day)]
    if expired:
        raise ValidationError(
            {
                "members": _("Not in force on %(day)s: %(units)s")
                % {
                    "day": day.strftime("%d/%m/%Y"),
                    "units": ", ".join(str(unit) for unit in expired),
                }
            }
        )
    cluster.full_clean()
    created = cluster.pk is None
    cluster.save()
    cluster.members.set(members)
    log(cluster, "wagtail.create" if created else "wagtail.edit", user=user)
    return cluster


def import_run_record(
    *, user, kind: str, started, report: dict[str, Any], dry_run: bool
) -> ImportRun:
    """Keep a record of an import (even a dry run), audit-logged."""
    run = ImportRun.objects.create(
        kind=kind,
        user=user if getattr(user, "is_authenticated", False) else None,
        started=started,
        finished=timezone.now(),
        dry_run=dry_run,
        report=report,
    )
    log(run, "congso.import", user=user if getattr(user, "pk", None) else None)
    return run


def organisation_close(*, user, organisation: Organisation, on: date) -> Organisation:
    """Record that a body ceased (merged, renamed into another): it stays, with its history."""
    return organisation_update(user=user, organisation=organisation, data={"valid_to": on})


@transaction.atomic
def unit_merge(*, user, unit: AdminUnit, into: AdminUnit, effective: date) -> UnitSuccession:
    """Record that ``unit`` was merged whole into ``into`` from ``effective`` on (Cửa Lò into
    Vinh on 01/03/2025): ``unit`` ends the day before and its children belong to ``into`` from
    then on. ``user`` None is the command line. Recording the same merger again changes
    nothing."""
    if user is not None and not user.has_perm("directory.change_adminunit"):
        raise PermissionDenied(_("You do not have permission to do this."))
    unit = AdminUnit.objects.select_for_update().get(pk=unit.pk)
    last_day = effective - timedelta(days=1)
    existing = UnitSuccession.objects.filter(predecessor=unit, successor=into).first()
    already = existing and existing.kind == "full" and existing.effective == effective
    if already and unit.valid_to == last_day:
        return existing
    if unit.pk == into.pk or unit.level != into.level:
        raise ValidationError(
            _("%(unit)s can only be merged into another unit of the same level.") % {"unit": unit}
        )
    for subject, day in ((unit, last_day), (into, effective)):
        if not subject.is_valid_on(day):
            raise ValidationError(
                _("%(unit)s is not in force on %(day)s.")
                % {"unit": subject, "day": day.strftime("%d/%m/%Y")}
            )
    unit.valid_to = last_day
    unit.save(update_fields=["valid_to"])
    succession, _created = UnitSuccession.objects.update_or_create(
        predecessor=unit, successor=into, defaults={"kind": "full", "effective": effective}
    )
    log(unit, "congso.merge", user=user, data={"into": into.pk, "effective": str(effective)})
    return succession
