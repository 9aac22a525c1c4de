"""Writes of the directory: each is one atomic, permission-checked, scope-checked, audit-logged
function, ``<entity>_<action>(*, user, ...)``. ``user`` is a signed-in user or the system actor
(the demo, the import commands), which every service accepts the same way."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.accounts import clean_username
from congso.core.actors import Actor, audit
from congso.core.roles import role_group
from congso.core.text import format_date

from .models import (
    AdminUnit,
    Cluster,
    ImportRun,
    Organisation,
    Person,
    UnitSuccession,
    check_period,
)
from .roles import default_role_for
from .selectors import Scope, user_scope
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
#: the fields that decide what the organisation's accounts may reach: changing them on an
#: existing organisation is restructuring, not an ordinary edit
ORGANISATION_STRUCTURE = ("kind", "parent", "admin_unit")
PERSON_FIELDS = (
    "full_name",
    "organisation",
    "position",
    "position_detail",
    "is_spokesperson",
    "email",
    "phone",
    "duties",
    "biography",
)
CLUSTER_FIELDS = ("name", "organisation", "lead_unit", "valid_from", "valid_to", "note")

RESTRUCTURE = "directory.restructure_organisation"
ADMINISTER_ACCOUNTS = "directory.administer_accounts"


def _require_perm(user: Actor, perm: str) -> None:
    if not user.has_perm(perm if "." in perm else f"directory.{perm}"):
        raise PermissionDenied(_("You do not have permission to do this."))


def _require_organisation(scope: Scope, organisation: Organisation | None) -> None:
    if organisation is not None and not scope.can_see_organisation(organisation):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": organisation})


def _require_unit(scope: Scope, unit: AdminUnit | None) -> None:
    if unit is not None and not scope.can_see_unit(unit):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": unit})


def _check_organisation(organisation: Organisation) -> None:
    check_period(organisation.valid_from, organisation.valid_to)
    ancestor = organisation.parent
    while ancestor is not None:
        if organisation.pk and ancestor.pk == organisation.pk:
            raise ValidationError(
                {"parent": _("An organisation cannot be placed under itself or its branches.")}
            )
        ancestor = ancestor.parent
    organisation.full_clean()


@transaction.atomic
def organisation_create(*, user: Actor, data: dict[str, Any]) -> Organisation:
    _require_perm(user, "add_organisation")
    scope = user_scope(user)
    organisation = Organisation(**{k: v for k, v in data.items() if k in ORGANISATION_FIELDS})
    _require_unit(scope, organisation.admin_unit)
    if organisation.parent_id:
        _require_organisation(scope, organisation.parent)
    elif not scope.everything:
        # Below the user's own organisation unless placed elsewhere in scope.
        organisation.parent = scope.organisation
    organisation.fill_derived()
    _check_organisation(organisation)
    organisation.save()
    audit(organisation, "wagtail.create", user=user)
    return organisation


def _structure(organisation: Organisation) -> dict[str, Any]:
    return {
        "kind": organisation.kind,
        "parent": organisation.parent_id,
        "admin_unit": organisation.admin_unit_id,
    }


@transaction.atomic
def organisation_update(
    *, user: Actor, organisation: Organisation, data: dict[str, Any]
) -> Organisation:
    """Change an organisation. Its kind, parent and administrative unit decide what its
    accounts reach, so changing them needs the restructuring right as well."""
    _require_perm(user, "change_organisation")
    scope = user_scope(user)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _require_organisation(scope, organisation)
    before = _structure(organisation)
    for field, value in data.items():
        if field in ORGANISATION_FIELDS:
            setattr(organisation, field, value)
    after = _structure(organisation)
    restructured = {field for field in ORGANISATION_STRUCTURE if before[field] != after[field]}
    if restructured:
        if not user.has_perm(RESTRUCTURE):
            raise PermissionDenied(
                _(
                    "Only an administrator may change an organisation's kind, parent or "
                    "administrative unit: they decide what its accounts may reach."
                )
            )
        _require_unit(scope, organisation.admin_unit)
        if organisation.parent_id:
            _require_organisation(scope, organisation.parent)
    organisation.fill_derived()
    _check_organisation(organisation)
    organisation.save()
    audit(
        organisation,
        "wagtail.edit",
        user=user,
        data={"restructured": {f: [str(before[f]), str(after[f])] for f in sorted(restructured)}}
        if restructured
        else None,
    )
    return organisation


def organisation_close(*, user: Actor, organisation: Organisation, on: date) -> Organisation:
    """Record that a body ceased (merged, renamed into another): it stays, with its history."""
    return organisation_update(user=user, organisation=organisation, data={"valid_to": on})


def _grant_default_role(account: AbstractBaseUser, organisation: Organisation) -> None:
    role = default_role_for(organisation)
    if role is not None:
        account.groups.add(role_group(role))


@transaction.atomic
def person_save(
    *, user: Actor, data: dict[str, Any], person: Person | None = None, username: str = ""
) -> Person:
    """Create or change a person; with ``username``, also give them a user account with the
    role of their organisation, usable once they have chosen a password from the invitation.

    Moving a person who has an account to another organisation moves what the account may
    reach: that is account administration, reserved to administrators."""
    _require_perm(user, "change_person" if person else "add_person")
    scope = user_scope(user)
    if person is not None:
        person = Person.objects.select_for_update().get(pk=person.pk)
        _require_organisation(scope, person.organisation)
    else:
        person = Person()
    moved_from = person.organisation_id
    for field, value in data.items():
        if field in PERSON_FIELDS:
            setattr(person, field, value)
    _require_organisation(scope, person.organisation)
    moved = person.pk is not None and person.organisation_id != moved_from
    if moved and person.user_id and not user.has_perm(ADMINISTER_ACCOUNTS):
        raise PermissionDenied(
            _(
                "Only an administrator may move a person who has an account to another "
                "organisation: it changes what the account may reach."
            )
        )
    person.fill_derived()
    person.full_clean(exclude=["user"])
    new_account = None
    if username and person.user_id is None:
        username = clean_username(username, field="username")
        new_account = User(username=username, email=person.email)
        # Vietnamese names read family name first: Django's "first last" would turn them round.
        new_account.first_name, new_account.last_name = person.full_name, ""
        new_account.set_unusable_password()
        new_account.save()
        _grant_default_role(new_account, person.organisation)
        person.user = new_account
        account_pk = new_account.pk
        # Only once the account surely exists: the worker runs outside this transaction.
        transaction.on_commit(lambda: send_account_invitation.enqueue(account_pk))
    created = person.pk is None
    person.save()
    extra = {}
    if moved:
        extra["moved"] = [moved_from, person.organisation_id]
    if new_account is not None:
        extra["account"] = new_account.get_username()
    audit(person, "wagtail.create" if created else "wagtail.edit", user=user, data=extra or None)
    return person


@transaction.atomic
def account_set(
    *,
    user: Actor,
    person: Person,
    username: str,
    password: str | None = None,
    roles: Iterable[str] = (),
    is_superuser: bool = False,
) -> AbstractBaseUser:
    """Give ``person`` the account ``username`` with exactly ``roles`` (keys), and a password
    when given: account administration, for administrators (and the demo)."""
    _require_perm(user, ADMINISTER_ACCOUNTS)
    if is_superuser and not user.is_superuser:
        raise PermissionDenied(_("You do not have permission to do this."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    account = person.user or User.objects.filter(username__iexact=username).first()
    if account is None:
        account = User(username=username)
    account.username = username
    account.email = person.email
    account.first_name, account.last_name = person.full_name, ""
    account.is_superuser = account.is_staff = is_superuser
    if password is not None:
        account.set_password(password)
    account.save()
    account.groups.set([role_group(key) for key in roles])
    if person.user_id != account.pk:
        person.user = account
        person.save(update_fields=["user"])
    audit(
        person,
        "wagtail.edit",
        user=user,
        data={"account": username, "roles": sorted(roles), "superuser": is_superuser},
    )
    return account


@transaction.atomic
def cluster_save(
    *,
    user: Actor,
    data: dict[str, Any],
    members: Iterable[AdminUnit],
    cluster: Cluster | None = None,
) -> Cluster:
    _require_perm(user, "change_cluster" if cluster else "add_cluster")
    scope = user_scope(user)
    members = list(members)
    if cluster is not None:
        cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
        _require_organisation(scope, cluster.organisation)
    else:
        cluster = Cluster()
    for field in CLUSTER_FIELDS:
        if field in data:
            setattr(cluster, field, data[field])
    _require_organisation(scope, cluster.organisation)
    for unit in [cluster.lead_unit, *members]:
        _require_unit(scope, unit)
    if cluster.lead_unit not in members:
        raise ValidationError({"lead_unit": _("The lead unit must be one of the members.")})
    check_period(cluster.valid_from, cluster.valid_to)
    day = cluster.valid_from or timezone.localdate()
    expired = [unit for unit in members if not unit.is_valid_on(day)]
    if expired:
        raise ValidationError(
            {
                "members": _("Not in force on %(day)s: %(units)s")
                % {"day": format_date(day), "units": ", ".join(str(unit) for unit in expired)}
            }
        )
    cluster.fill_derived()
    cluster.full_clean()
    created = cluster.pk is None
    cluster.save()
    cluster.members.set(members)
    audit(cluster, "wagtail.create" if created else "wagtail.edit", user=user)
    return cluster


@transaction.atomic
def import_run_record(
    *, user: Actor | None, kind: str, started, report: dict[str, Any], dry_run: bool
) -> ImportRun:
    """Keep a record of an import (even a dry run), audit-logged."""
    run = ImportRun.objects.create(
        kind=kind,
        user=user if getattr(user, "pk", None) else None,
        started=started,
        finished=timezone.now(),
        dry_run=dry_run,
        report=report,
    )
    audit(run, "congso.import", user=user)
    return run


@transaction.atomic
def unit_merge(*, user: Actor, unit: AdminUnit, into: AdminUnit, effective: date) -> UnitSuccession:
    """Record that ``unit`` was merged whole into ``into`` from ``effective`` on (Cửa Lò into
    Vinh on 01/03/2025): ``unit`` ends the day before and its children belong to ``into`` from
    then on. Recording the same merger again changes nothing."""
    _require_perm(user, "change_adminunit")
    scope = user_scope(user)
    _require_unit(scope, unit)
    _require_unit(scope, into)
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
                % {"unit": subject, "day": format_date(day)}
            )
    unit.valid_to = last_day
    unit.save(update_fields=["valid_to"])
    succession, _created = UnitSuccession.objects.update_or_create(
        predecessor=unit, successor=into, defaults={"kind": "full", "effective": effective}
    )
    audit(unit, "congso.merge", user=user, data={"into": into.pk, "effective": str(effective)})
    return succession
