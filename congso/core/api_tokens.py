"""The REST APIs' bearer tokens, one kind for every module's API. The statistics module keeps
the tokens (``stats.ApiToken``, its back-office screen and its services) and registers here how
a secret is checked and how one is issued; the other modules' APIs authenticate through here
without importing it (the modules stand side by side)."""

from collections.abc import Callable
from typing import Any

from ninja.security import HttpBearer

_resolver: Callable[[str], Any] | None = None
_issuer: Callable[..., str] | None = None


def register(*, resolver: Callable[[str], Any], issuer: Callable[..., str]) -> None:
    global _resolver, _issuer
    _resolver, _issuer = resolver, issuer


def issue_token(*, user, name: str, account) -> str:
    """A new token acting as ``account``, issued by ``user``; returns its secret (shown once)."""
    if _issuer is None:
        raise RuntimeError("No module keeps API tokens.")
    return _issuer(user=user, name=name, account=account)


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        account = _resolver(token) if _resolver is not None else None
        if account is None:
            return None
        request.user = account
        return account
