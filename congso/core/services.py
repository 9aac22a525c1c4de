"""Writes of the core: each one atomic, permission-checked and audit-logged."""

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log

UNLOCK_ACTION = "congso.unlock"


@transaction.atomic
def lockout_reset(*, user, attempt: AccessAttempt) -> int:
    """Unlock the account of ``attempt`` (every failure recorded under its login name, from
    any address), or its address when it names no account; return how many records went."""
    if not (user.is_active and user.is_superuser):
        raise PermissionDenied
    if attempt.username:
        records = AccessAttempt.objects.filter(username=attempt.username)
        account = get_user_model().objects.filter(username__iexact=attempt.username).first()
    else:
        records = AccessAttempt.objects.filter(username="", ip_address=attempt.ip_address)
        account = None
    # The entry stays in the account's history (or, for a name with no account, the attempt's).
    log(
        account or attempt,
        UNLOCK_ACTION,
        user=user,
        data={"username": attempt.username, "ip_address": attempt.ip_address},
    )
    deleted, _ = records.delete()
    return deleted
