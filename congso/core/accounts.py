"""Login names and signing in: one rule for every place an account is made, one way to log in.

A login name follows Django's rules (letters, digits and ``@ . + - _``, at most 150 characters)
and is unique whatever its case: ``Admin`` is ``admin``. The database holds the same guarantee
(a unique index on ``lower(username)``, migration ``core.0002``).
"""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

USERNAME_MAX_LENGTH = 150


def clean_username(value: str, *, exclude_pk: int | None = None, field: str | None = None) -> str:
    """The login name ``value``, stripped, or a Vietnamese ``ValidationError`` (keyed by
    ``field`` when given) if it breaks the rules or another account has it in any case."""
    try:
        return _clean_username(value, exclude_pk=exclude_pk)
    except ValidationError as error:
        if field is None:
            raise
        raise ValidationError({field: error}) from None


def _clean_username(value: str, *, exclude_pk: int | None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Enter a login name."), code="required")
    if len(value) > USERNAME_MAX_LENGTH:
        raise ValidationError(
            _("A login name has at most %(limit)d characters.") % {"limit": USERNAME_MAX_LENGTH},
            code="max_length",
        )
    try:
        UnicodeUsernameValidator()(value)
    except ValidationError:
        raise ValidationError(
            _(
                "A login name may contain only letters, digits and the characters @ . + - _ "
                "(no spaces)."
            ),
            code="invalid",
        ) from None
    others = get_user_model()._default_manager.filter(username__iexact=value)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError(_("This login name is already taken."), code="unique")
    return value


class CaseInsensitiveModelBackend(ModelBackend):
    """Django's model backend, finding the account whatever the case the name is typed in."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get(**{f"{User.USERNAME_FIELD}__iexact": username})
        except User.DoesNotExist:
            # As ModelBackend does: hash anyway, so the time taken does not tell who exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check, first of the backends: a locked account or address gets no further.

    Django's test client and scripts authenticate without a request; the account's lockout
    still holds for them (there is no address to count)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        return super().authenticate(
            request if request is not None else HttpRequest(), username, password, **kwargs
        )


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The name axes counts failures under: ``Admin`` and ``admin`` are one account."""
    if credentials:
        value = credentials.get("username")
    else:
        value = request.POST.get("username") if request is not None else None
    return (value or "").strip().lower()


def client_address(request: HttpRequest) -> str | None:
    """The address failures are counted under (axes' AXES_CLIENT_IP_CALLABLE)."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The proxy appends the address it saw; anything before it the client may have typed.
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The sign-in page again, saying in Vietnamese when the next attempt may be made."""
    from wagtail.admin.forms.auth import LoginForm

    cool_off = get_cool_off(request) or timedelta(0)
    # Every refused attempt restarts the cool-off (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT).
    until = timezone.localtime(getattr(request, "axes_attempt_time", None) or timezone.now())
    until += cool_off
    minutes = max(1, round(cool_off.total_seconds() / 60))
    context = {
        "form": LoginForm(request, initial={"username": axes_username(request, credentials)}),
        "next": request.POST.get("next") or reverse("wagtailadmin_home"),
        "show_password_reset": True,
        "lockout_message": _(
            "Too many failed sign-in attempts for this account or from this address: signing "
            "in is locked for %(minutes)d minutes. Try again after %(time)s."
        )
        % {"minutes": minutes, "time": until.strftime("%H:%M %d/%m/%Y")},
    }
    response = render(request, "core/lockout.html", context, status=429)
    # Made after the view, by axes' middleware: give it the admin's policy as the view had.
    response._csp_config = settings.ADMIN_CSP
    return response
