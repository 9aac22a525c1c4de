"""Writes of the Q&A and of the pages' statistics: a citizen's question, its answer and its
publication; a view and a satisfaction rating of a page. Each is one atomic function; the
staff's are permission- and scope-checked and audit-logged."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.actors import Actor, audit
from congso.directory.models import Organisation

from . import cache as page_cache
from .models import ArticlePage, Portal, Question
from .models.rating import PageStat

ANSWER = "portal.change_question"
PUBLISH = "portal.publish_question"
ASK_FIELDS = ("asker_name", "asker_address", "asker_email", "asker_phone", "title", "question")


def _require(user: Actor, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(_("You do not have permission to do this."))


def _require_reach(user: Actor, question: Question) -> None:
    from .selectors_pages import visible_questions

    if not visible_questions(user).filter(pk=question.pk).exists():
        raise PermissionDenied(_("This question belongs to a portal outside your unit."))


def _locked(question: Question) -> Question:
    return Question.objects.select_for_update().get(pk=question.pk)


@transaction.atomic
def question_ask(*, user: Actor, portal: Portal, data: dict[str, Any]) -> Question:
    """A citizen's question to ``portal`` (``user`` is the anonymous visitor): stored as new,
    shown nowhere until answered and published."""
    question = Question(portal=portal, asked_at=timezone.now())
    for name in ASK_FIELDS:
        setattr(question, name, (data.get(name) or "").strip())
    question.fill_derived()
    question.full_clean()
    question.save()
    audit(question, "wagtail.create", user=user)
    return question


RECORD = "portal.add_question"


@transaction.atomic
def question_record(
    *,
    user: Actor,
    portal: Portal,
    channel: str,
    received_on: dt.date,
    data: dict[str, Any],
) -> Question:
    """A question that reached the portal's organisation by post, telephone, e-mail or in person,
    recorded by its staff: from then on it is answered and published like one sent through the
    portal's form."""
    from .selectors_pages import question_portals

    _require(user, RECORD)
    if not question_portals(user).filter(pk=portal.pk).exists():
        raise PermissionDenied(_("This portal is outside your unit."))
    if channel not in Question.Channel.values or channel == Question.Channel.PORTAL:
        raise ValidationError(_("Choose how the question was received."))
    today = timezone.localdate()
    if received_on > today:
        raise ValidationError(_("The day it was received cannot be in the future."))
    asked_at = (
        timezone.now()
        if received_on == today
        else timezone.make_aware(dt.datetime.combine(received_on, dt.time(7, 0)))
    )
    question = Question(
        portal=portal,
        asked_at=asked_at,
        channel=channel,
        recorded_by=user if user.pk else None,
    )
    for name in ASK_FIELDS:
        setattr(question, name, (data.get(name) or "").strip())
    question.fill_derived()
    question.full_clean()
    question.save()
    audit(question, "wagtail.create", user=user, data={"channel": channel})
    return question


@transaction.atomic
def question_answer(
    *, user: Actor, question: Question, answer: str, answering_unit: Organisation | None = None
) -> Question:
    """Write or change the answer; the question then awaits the board's approval. The answer
    of a published question is changed only by whoever may publish."""
    _require(user, ANSWER)
    _require_reach(user, question)
    question = _locked(question)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    if answering_unit is not None:
        from congso.directory.selectors import user_scope

        if not user_scope(user).can_see_organisation(answering_unit):
            raise ValidationError({"answering_unit": _("This unit is outside your unit.")})
    if question.answer == answer and question.answering_unit_id == getattr(
        answering_unit, "pk", None
    ):
        return question
    if question.status == Question.Status.PUBLISHED and not user.has_perm(PUBLISH):
        raise PermissionDenied(
            _("This answer is published: only the editorial board may change it.")
        )
    question.answer = answer
    question.answering_unit = answering_unit
    question.answered_by = user if getattr(user, "pk", None) else None
    question.answered_at = timezone.now()
    if question.status in (Question.Status.NEW, Question.Status.REJECTED):
        question.status = Question.Status.ANSWERED
    question.fill_derived()
    question.save()
    audit(question, "wagtail.edit", user=user, data={"answered": True})
    return question


@transaction.atomic
def question_publish(*, user: Actor, question: Question) -> Question:
    """Approve the answer: the pair appears on the portal's Q&A page."""
    _require(user, PUBLISH)
    _require_reach(user, question)
    question = _locked(question)
    if question.status == Question.Status.PUBLISHED:
        return question
    if not question.answer.strip():
        raise ValidationError(_("A question is published with its answer: answer it first."))
    question.status = Question.Status.PUBLISHED
    question.published_at = timezone.now()
    question.save(update_fields=["status", "published_at"])
    audit(question, "wagtail.publish", user=user)
    _refresh_pages_of(question)
    return question


@transaction.atomic
def question_unpublish(*, user: Actor, question: Question, reject: bool = False) -> Question:
    """Take a pair off the portal (back to awaiting approval), or mark a question as not to
    be published (``reject``: off topic, abusive)."""
    _require(user, PUBLISH)
    _require_reach(user, question)
    question = _locked(question)
    status = Question.Status.REJECTED if reject else Question.Status.ANSWERED
    if not reject and not question.answer:
        status = Question.Status.NEW
    if question.status == status:
        return question
    question.status = status
    question.published_at = None
    question.save(update_fields=["status", "published_at"])
    audit(question, "wagtail.unpublish", user=user, data={"rejected": reject})
    _refresh_pages_of(question)
    return question


def _refresh_pages_of(question: Question) -> None:
    """The Q&A page lists the published pairs: its portal's cached pages are renewed once the
    change is committed (a rolled-back change leaves the cache as it was)."""
    site_id = Portal.objects.filter(pk=question.portal_id).values_list("site_id", flat=True).first()
    transaction.on_commit(lambda: page_cache.bump(site_id))


def _count(page_id: int, site_id: int, day: dt.date, column: str) -> None:
    updated = PageStat.objects.filter(page_id=page_id, day=day).update(**{column: F(column) + 1})
    if updated:
        return
    try:
        with transaction.atomic():
            PageStat.objects.create(page_id=page_id, site_id=site_id, day=day, **{column: 1})
    except IntegrityError:  # another request created the row meanwhile
        PageStat.objects.filter(page_id=page_id, day=day).update(**{column: F(column) + 1})


@transaction.atomic
def page_view_record(*, page_id: int, site_id: int) -> None:
    """Count one view of a page today (no one is recorded); an article also keeps its running
    total, which orders its portal's most-read list."""
    _count(page_id, site_id, timezone.localdate(), "views")
    ArticlePage.objects.filter(pk=page_id).update(view_count=F("view_count") + 1)


@transaction.atomic
def page_rating_record(*, page_id: int, site_id: int, level: str) -> None:
    """Count one satisfaction rating of a page today; nothing about the visitor is kept."""
    if level not in PageStat.Level.values:
        raise ValidationError(_("Choose one of the answers."))
    _count(page_id, site_id, timezone.localdate(), level)
