"""Who acts: a signed-in user, or the system itself (the demo, the import commands, scheduled
work). Every service takes one ``user`` argument of type :data:`Actor` and treats the system
actor the same way: it may do anything, and the audit log records its writes without a user."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log


class SystemActor:
    """The platform acting on its own behalf; behaves like a superuser that is no account."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = True
    is_superuser = True
    pk = None
    id = None
    username = "system"

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True

    def has_perms(self, perm_list, obj: Any = None) -> bool:
        return True

    def __str__(self) -> str:
        return str(_("System"))

    def __repr__(self) -> str:
        return "<SystemActor>"


SYSTEM = SystemActor()

Actor = AbstractBaseUser | AnonymousUser | SystemActor


def is_system(user: Actor | None) -> bool:
    return isinstance(user, SystemActor)


def audit(instance: Any, action: str, *, user: Actor | None, data: dict | None = None):
    """Write the audit log entry of a service's write; the system actor is recorded as no user."""
    account = user if getattr(user, "pk", None) else None
    kwargs = {"data": data} if data else {}
    return log(instance, action, user=account, **kwargs)
