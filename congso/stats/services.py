"""Writes of sector statistics: each one atomic, permission- and scope-checked, audit-logged,
``<entity>_<action>(*, user, ...)``. ``user`` is a signed-in user or the system actor.

Values are written by :func:`datavalue_save` (a form's worth at a time); every change is kept as
a :class:`~.models.DataValueChange`. A data set's figures for a period and organisation go
through :func:`submission_submit`, :func:`submission_approve`, :func:`submission_accept` and
back by :func:`submission_unapprove` (with a reason); approval locks the values. The analysis
layer hears of approved figures through :func:`.analytics.values_changed`.

One module for all of them: the approval levels, value writes and their change log share
the locking and scope checks that make them safe; split by subject when a part grows on.
"""

import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.actors import Actor, audit
from congso.core.text import format_date
from congso.directory.models import Organisation, Population
from congso.directory.selectors import Scope, user_scope

from . import analytics, expressions, periods
from .models import (
    VALUE_DECIMALS,
    VALUE_DIGITS,
    ApiToken,
    DataElement,
    DataSet,
    DataSetReporter,
    DataValue,
    DataValueChange,
    DataValueSource,
    Disaggregation,
    DisaggregationOption,
    Indicator,
    Submission,
    SubmissionEvent,
    Target,
    ValidationRule,
)
from .validation import Violation, rules_for_data_set, run_rules

APPROVE = "stats.approve_submission"
#: the start of the source of a population figure derived here, so that it reads as derived
DERIVED_PREFIX = "Suy ra:"
ACCEPT = "stats.accept_submission"


def _require_perm(user: Actor, perm: str) -> None:
    if not user.has_perm(perm if "." in perm else f"stats.{perm}"):
        raise PermissionDenied(_("You do not have permission to do this."))


def _require_organisation(scope: Scope, organisation: Organisation) -> None:
    if not scope.can_see_organisation(organisation):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": organisation})


def _account(user: Actor):
    return user if getattr(user, "pk", None) else None


# ---- metadata --------------------------------------------------------------------------
def _save_metadata(user: Actor, model, instance, data: dict[str, Any], fields, m2m=None):
    name = model._meta.model_name
    _require_perm(user, f"change_{name}" if instance else f"add_{name}")
    user_scope(user)  # metadata is province-wide: any scope that holds the permission
    created = instance is None
    instance = model() if created else model.objects.select_for_update().get(pk=instance.pk)
    for key in fields:
        if key in data:
            setattr(instance, key, data[key])
    if hasattr(instance, "fill_derived"):
        instance.fill_derived()
    instance.full_clean()
    instance.save()
    for key, values in (m2m or {}).items():
        getattr(instance, key).set(values)
    audit(instance, "wagtail.create" if created else "wagtail.edit", user=user)
    return instance


ELEMENT_FIELDS = (
    "code",
    "name",
    "short_name",
    "unit_of_measure",
    "value_type",
    "time_aggregation",
    "unit_aggregation",
    "disaggregation",
    "national_code",
    "itu_code",
    "description",
)
DATA_SET_FIELDS = ("code", "name", "period_type", "deadline_days", "approver", "description")
INDICATOR_FIELDS = (
    "code",
    "name",
    "numerator",
    "denominator",
    "factor",
    "unit_of_measure",
    "decimals",
    "national_code",
    "description",
)
RULE_FIELDS = (
    "code",
    "name",
    "instruction",
    "left",
    "operator",
    "right",
    "tolerance",
    "missing_value_strategy",
    "importance",
    "period_type",
    "data_set",
)
TARGET_FIELDS = ("element", "year", "unit", "value", "note")


def _check_expressions(data: dict[str, Any], *names: str) -> None:
    errors = {}
    for name in names:
        if name in data:
            try:
                expressions.validate(data[name])
            except expressions.ExpressionError as exc:
                errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def disaggregation_save(
    *,
    user: Actor,
    data: dict[str, Any],
    options: list[tuple[str, str]] | None = None,
    disaggregation: Disaggregation | None = None,
) -> Disaggregation:
    """A disaggregation and, when given, its options as (code, name) in order; an option no
    longer listed is kept if values use it."""
    disaggregation = _save_metadata(user, Disaggregation, disaggregation, data, ("code", "name"))
    for order, (code, name) in enumerate(options or []):
        DisaggregationOption.objects.update_or_create(
            disaggregation=disaggregation, code=code, defaults={"name": name, "order": order}
        )
    return disaggregation


@transaction.atomic
def element_save(*, user: Actor, data: dict[str, Any], element: DataElement | None = None):
    if (
        element is not None
        and "disaggregation" in data
        and data["disaggregation"] != element.disaggregation
        and element.values.exists()
    ):
        raise ValidationError(
            {"disaggregation": _("Values are stored with this disaggregation: keep it.")}
        )
    return _save_metadata(user, DataElement, element, data, ELEMENT_FIELDS)


@transaction.atomic
def data_set_save(
    *,
    user: Actor,
    data: dict[str, Any],
    elements=None,
    reporters: list[tuple[Organisation, Any]] | None = None,
    data_set: DataSet | None = None,
) -> DataSet:
    """A data set, its elements and, when given, its reporters as (organisation, unit)."""
    m2m = {"elements": elements} if elements is not None else None
    data_set = _save_metadata(user, DataSet, data_set, data, DATA_SET_FIELDS, m2m)
    if reporters is not None:
        keep = []
        for organisation, unit in reporters:
            reporter, _created = DataSetReporter.objects.update_or_create(
                data_set=data_set, organisation=organisation, defaults={"unit": unit}
            )
            keep.append(reporter.pk)
        data_set.reporters.exclude(pk__in=keep).delete()
    return data_set


REPORTER_FIELDS = ("data_set", "organisation", "unit")


@transaction.atomic
def reporter_save(
    *, user: Actor, data: dict[str, Any], reporter: DataSetReporter | None = None
) -> DataSetReporter:
    """Who reports a data set and for which unit: an organisation and unit of the user's scope."""
    scope = user_scope(user)
    for key, check in (("organisation", scope.can_see_organisation), ("unit", scope.can_see_unit)):
        chosen = data.get(key)
        current = getattr(reporter, key, None) if reporter else None
        if chosen is not None and chosen != current and not check(chosen):
            raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": chosen})
    return _save_metadata(user, DataSetReporter, reporter, data, REPORTER_FIELDS)


@transaction.atomic
def indicator_save(*, user: Actor, data: dict[str, Any], indicator: Indicator | None = None):
    _check_expressions(data, "numerator", "denominator")
    return _save_metadata(user, Indicator, indicator, data, INDICATOR_FIELDS)


@transaction.atomic
def rule_save(*, user: Actor, data: dict[str, Any], rule: ValidationRule | None = None):
    _check_expressions(data, "left", "right")
    return _save_metadata(user, ValidationRule, rule, data, RULE_FIELDS)


@transaction.atomic
def target_save(*, user: Actor, data: dict[str, Any], target: Target | None = None) -> Target:
    return _save_metadata(user, Target, target, data, TARGET_FIELDS)


# ---- values ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ValueInput:
    """One cell of a form: ``value`` None clears the cell."""

    element: DataElement
    option: DisaggregationOption | None
    value: Decimal | None
    comment: str = ""


_LIMIT = Decimal(10) ** (VALUE_DIGITS - VALUE_DECIMALS)


def check_value(element: DataElement, value: Decimal) -> str | None:
    """Why ``value`` cannot be stored for ``element`` (None when it can)."""
    if not value.is_finite() or abs(value) >= _LIMIT:
        return _("The value is too large.")
    if value.as_tuple().exponent < -VALUE_DECIMALS and value != round(value, VALUE_DECIMALS):
        return _("At most %(count)s decimals.") % {"count": VALUE_DECIMALS}
    if element.value_type == DataElement.ValueType.INTEGER and value != value.to_integral_value():
        return _("A whole number is expected.")
    return None


def _lock_submission(data_set, period_id: str, reporter: DataSetReporter) -> Submission:
    submission, _created = Submission.objects.select_for_update().get_or_create(
        data_set=data_set,
        period=period_id,
        organisation=reporter.organisation,
        defaults={"unit": reporter.unit, "updated": timezone.now()},
    )
    return submission


def _reporter(scope: Scope, data_set: DataSet, organisation: Organisation) -> DataSetReporter:
    _require_organisation(scope, organisation)
    reporter = (
        DataSetReporter.objects.select_related("unit", "organisation")
        .filter(data_set=data_set, organisation=organisation)
        .first()
    )
    if reporter is None:
        raise ValidationError(
            _("%(organisation)s does not report %(data_set)s.")
            % {"organisation": organisation, "data_set": data_set}
        )
    return reporter


def _period(data_set: DataSet, period: str | periods.Period) -> periods.Period:
    try:
        parsed = period if isinstance(period, periods.Period) else periods.parse(period)
    except periods.PeriodError as exc:
        raise ValidationError(str(exc)) from exc
    if parsed.type != data_set.period_type:
        raise ValidationError(
            _("%(data_set)s is reported by %(type)s periods, not %(period)s.")
            % {
                "data_set": data_set,
                "type": data_set.get_period_type_display().lower(),
                "period": parsed.label,
            }
        )
    return parsed


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


@transaction.atomic
def datavalue_save(
    *,
    user: Actor,
    data_set: DataSet,
    period: str | periods.Period,
    organisation: Organisation,
    values: list[ValueInput],
    source: str = DataValueSource.ENTRY,
) -> SaveResult:
    """Store a form's values for ``organisation`` (a reporter of ``data_set``) and ``period``;
    refused whole when the figures are approved, an element is not in the data set or a value
    cannot be stored. Each change is kept with who, when, the old and the new value."""
    _require_perm(user, "change_datavalue")
    scope = user_scope(user)
    reporter = _reporter(scope, data_set, organisation)
    period = _period(data_set, period)
    # An import of the organisation's figures holds this lock from its check of the keys
    # already stored until it commits: a form saved meanwhile waits instead of adding a key
    # the import is about to copy. Taken before the submission's lock, in the import's order.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
    submission = _lock_submission(data_set, period.id, reporter)
    if submission.is_locked:
        raise ValidationError(
            _("The figures of %(period)s are approved: they can be changed only after unapproval.")
            % {"period": period.label}
        )
    allowed = set(data_set.elements.values_list("pk", flat=True))
    errors = []
    for item in values:
        if item.element.pk not in allowed:
            errors.append(
                _("%(element)s is not in %(data_set)s.")
                % {"element": item.element.name, "data_set": data_set}
            )
            continue
        if item.element.disaggregation_id and (
            item.option is None or item.option.disaggregation_id != item.element.disaggregation_id
        ):
            errors.append(
                _("%(element)s needs one of its options.") % {"element": item.element.name}
            )
        elif not item.element.disaggregation_id and item.option is not None:
            errors.append(_("%(element)s has no options.") % {"element": item.element.name})
        elif item.value is not None:
            problem = check_value(item.element, item.value)
            if problem:
                errors.append(f"{item.element.name}: {problem}")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    account = _account(user)
    existing = {
        (v.element_id, v.option_id): v
        for v in DataValue.objects.select_for_update().filter(
            element__in=[i.element.pk for i in values],
            period=period.id,
            unit=reporter.unit,
            organisation=organisation,
        )
    }
    result = SaveResult()
    changes = []
    for item in values:
        option_id = item.option.pk if item.option else None
        current = existing.get((item.element.pk, option_id))
        comment = (item.comment or "").strip()[:1000]
        change = DataValueChange(
            element=item.element,
            option=item.option,
            period=period.id,
            unit=reporter.unit,
            organisation=organisation,
            source=source,
            changed=now,
            changed_by=account,
        )
        if item.value is None:
            if current is None:
                continue
            change.action = DataValueChange.Action.DELETE
            change.data_value = None
            change.old_value, change.old_comment = current.value, current.comment
            current.delete()
            result.deleted += 1
        elif current is None:
            current = DataValue(
                element=item.element,
                option=item.option,
                period=period.id,
                unit=reporter.unit,
                organisation=organisation,
                value=item.value,
                comment=comment,
                source=source,
                created=now,
                created_by=account,
                updated=now,
                updated_by=account,
            )
            current.fill_derived()
            current.save()
            change.action = DataValueChange.Action.CREATE
            change.data_value = current
            change.new_value, change.new_comment = item.value, comment
            result.created += 1
        else:
            if current.value == item.value and current.comment == comment:
                result.unchanged += 1
                continue
            change.action = DataValueChange.Action.UPDATE
            change.data_value = current
            change.old_value, change.old_comment = current.value, current.comment
            change.new_value, change.new_comment = item.value, comment
            current.value, current.comment, current.source = item.value, comment, source
            current.updated, current.updated_by = now, account
            current.save(update_fields=["value", "comment", "source", "updated", "updated_by"])
            result.updated += 1
        changes.append(change)
    DataValueChange.objects.bulk_create(changes)
    if changes:
        submission.updated = now
        submission.save(update_fields=["updated"])
        audit(
            submission,
            "wagtail.edit",
            user=user,
            data={"created": result.created, "updated": result.updated, "deleted": result.deleted},
        )
    return result


# ---- submission and approval -------------------------------------------------------------
class ExplanationRequired(ValidationError):
    """Submitting with a high-importance violation needs a written explanation."""

    def __init__(self, violations: list[Violation]):
        super().__init__(
            _("A high-importance validation rule is broken: write an explanation to submit anyway.")
        )
        self.violations = violations


@dataclass
class SubmitResult:
    submission: Submission
    violations: list[Violation]


def _event(submission: Submission, action: str, before: str, user: Actor, reason: str = ""):
    SubmissionEvent.objects.create(
        submission=submission,
        action=action,
        from_state=before,
        to_state=submission.state,
        reason=reason,
        at=timezone.now(),
        user=_account(user),
    )


def _changed(submission: Submission) -> None:
    analytics.values_changed(
        [
            analytics.ValueKey(
                data_set_id=submission.data_set_id,
                period=submission.period,
                organisation_id=submission.organisation_id,
                unit_id=submission.unit_id,
                element_ids=tuple(submission.data_set.elements.values_list("pk", flat=True)),
            )
        ]
    )


def submission_violations(submission: Submission) -> list[Violation]:
    return run_rules(
        rules_for_data_set(submission.data_set),
        [periods.parse(submission.period)],
        [submission.unit],
        submission.organisation,
    )


@transaction.atomic
def submission_submit(
    *,
    user: Actor,
    data_set: DataSet,
    period: str | periods.Period,
    organisation: Organisation,
    explanation: str = "",
) -> SubmitResult:
    """Send a data set's figures for approval, after its validation rules: a high-importance
    violation needs ``explanation``; the others are reported and do not stop it."""
    _require_perm(user, "change_submission")
    scope = user_scope(user)
    reporter = _reporter(scope, data_set, organisation)
    period = _period(data_set, period)
    submission = _lock_submission(data_set, period.id, reporter)
    if submission.state != Submission.State.DRAFT:
        raise ValidationError(
            _("These figures are already %(state)s.")
            % {"state": submission.get_state_display().lower()}
        )
    violations = submission_violations(submission)
    explanation = (explanation or "").strip()
    if any(v.is_high for v in violations) and not explanation:
        raise ExplanationRequired(violations)
    before = submission.state
    submission.state = Submission.State.SUBMITTED
    submission.explanation = explanation
    submission.submitted, submission.submitted_by = timezone.now(), _account(user)
    submission.updated = submission.submitted
    submission.save()
    _event(submission, SubmissionEvent.Action.SUBMIT, before, user, explanation)
    audit(submission, "congso.submit", user=user)
    return SubmitResult(submission, violations)


def _locked(user: Actor, submission: Submission) -> Submission:
    scope = user_scope(user)
    submission = (
        Submission.objects.select_for_update()
        .select_related("data_set", "organisation", "unit")
        .get(pk=submission.pk)
    )
    if not scope.everything and not (
        scope.can_see_organisation(submission.organisation) or scope.can_see_unit(submission.unit)
    ):
        raise PermissionDenied(
            _("%(name)s is outside your unit.") % {"name": submission.organisation}
        )
    return submission


def _require_state(submission: Submission, *states: str) -> None:
    if submission.state not in states:
        raise ValidationError(
            _("These figures are %(state)s: this step does not apply.")
            % {"state": submission.get_state_display().lower()}
        )


@transaction.atomic
def submission_approve(*, user: Actor, submission: Submission) -> Submission:
    """The department's division approves submitted figures; they are locked from now."""
    _require_perm(user, APPROVE)
    submission = _locked(user, submission)
    _require_state(submission, Submission.State.SUBMITTED)
    before = submission.state
    submission.state = Submission.State.APPROVED
    submission.approved, submission.approved_by = timezone.now(), _account(user)
    submission.updated = submission.approved
    submission.save()
    _event(submission, SubmissionEvent.Action.APPROVE, before, user)
    audit(submission, "congso.approve", user=user)
    _changed(submission)
    return submission


@transaction.atomic
def submission_accept(*, user: Actor, submission: Submission) -> Submission:
    """The leadership accepts approved figures."""
    _require_perm(user, ACCEPT)
    submission = _locked(user, submission)
    _require_state(submission, Submission.State.APPROVED)
    before = submission.state
    submission.state = Submission.State.ACCEPTED
    submission.accepted, submission.accepted_by = timezone.now(), _account(user)
    submission.updated = submission.accepted
    submission.save()
    _event(submission, SubmissionEvent.Action.ACCEPT, before, user)
    audit(submission, "congso.accept", user=user)
    _changed(submission)
    return submission


@transaction.atomic
def submission_unapprove(*, user: Actor, submission: Submission, reason: str) -> Submission:
    """One level back, with a reason: accepted figures to approved (the leadership),
    approved figures to draft, open again for their reporter (the division)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the figures are unapproved.")})
    submission = _locked(user, submission)
    _require_state(submission, Submission.State.APPROVED, Submission.State.ACCEPTED)
    before = submission.state
    if before == Submission.State.ACCEPTED:
        _require_perm(user, ACCEPT)
        submission.state = Submission.State.APPROVED
        submission.accepted, submission.accepted_by = None, None
    else:
        _require_perm(user, APPROVE)
        submission.state = Submission.State.DRAFT
        submission.approved, submission.approved_by = None, None
        submission.submitted, submission.submitted_by = None, None
    submission.updated = timezone.now()
    submission.save()
    _event(submission, SubmissionEvent.Action.UNAPPROVE, before, user, reason)
    audit(submission, "congso.unapprove", user=user, data={"reason": reason})
    _changed(submission)
    return submission


# ---- population ------------------------------------------------------------------------
@transaction.atomic
def population_derive(*, user: Actor, unit, year: int, total: int, source: str) -> Population:
    """A population figure derived from statistics (subscribers ÷ their density), stored in the
    directory's population table with its derivation as the source; a figure from another
    source (a census) for the same unit and year is kept, not overwritten."""
    _require_perm(user, "directory.add_population")
    scope = user_scope(user)
    if not scope.can_see_unit(unit):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": unit})
    existing = Population.objects.select_for_update().filter(unit=unit, year=year).first()
    if existing is not None and not existing.source.startswith(DERIVED_PREFIX):
        return existing
    if not source.startswith(DERIVED_PREFIX):
        source = f"{DERIVED_PREFIX} {source}"
    population, _created = Population.objects.update_or_create(
        unit=unit, year=year, defaults={"total": total, "source": source[:200]}
    )
    audit(population, "wagtail.edit" if existing else "wagtail.create", user=user)
    return population


# ---- API tokens ------------------------------------------------------------------------
def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: Actor, name: str, account) -> tuple[ApiToken, str]:
    """A new token acting as ``account`` (in the user's scope); returns it and its secret,
    which is shown once and never stored."""
    _require_perm(user, "add_apitoken")
    scope = user_scope(user)
    person = getattr(account, "person", None)
    if not scope.everything and (
        person is None or not scope.can_see_organisation(person.organisation)
    ):
        raise PermissionDenied(_("That account is outside your unit."))
    secret = "cs_" + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name.strip() or _("API token"),
        user=account,
        prefix=secret[:10],
        digest=token_digest(secret),
        created=timezone.now(),
    )
    token.fill_derived()
    token.full_clean()
    token.save()
    audit(token, "wagtail.create", user=user)
    return token, secret


@transaction.atomic
def token_revoke(*, user: Actor, token: ApiToken) -> ApiToken:
    _require_perm(user, "change_apitoken")
    from .selectors import visible_tokens

    if not visible_tokens(user).filter(pk=token.pk).exists():
        raise PermissionDenied(_("That token is outside your unit."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        audit(token, "congso.revoke", user=user)
    return token


@transaction.atomic
def token_update(*, user: Actor, token: ApiToken, name: str, revoke: bool = False) -> ApiToken:
    _require_perm(user, "change_apitoken")
    from .selectors import visible_tokens

    if not visible_tokens(user).filter(pk=token.pk).exists():
        raise PermissionDenied(_("That token is outside your unit."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    name = (name or "").strip()
    if name and name != token.name:
        token.name = name
        token.fill_derived()
        token.save(update_fields=["name", "search_text"])
        audit(token, "wagtail.edit", user=user)
    if revoke:
        return token_revoke(user=user, token=token)
    return token


def deadline_text(data_set: DataSet, period: periods.Period) -> str:
    return format_date(data_set.deadline(period))
