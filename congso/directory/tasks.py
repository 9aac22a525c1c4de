"""Background work of the directory, run by the worker (`congso worker`)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override


@task(queue_name="default")
def send_account_invitation(user_id: int) -> str:
    """Email a new account its login name and a link to choose a password."""
    user = get_user_model().objects.get(pk=user_id)
    if not user.email:
        return "no-email"
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    with override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_("Your Cổng số account"),
            message=_(
                "An account has been created for you.\n\nLogin name: %(username)s\n"
                "Choose your password here: %(link)s\n"
            )
            % {"username": user.get_username(), "link": link},
            from_email=None,
            recipient_list=[user.email],
        )
    return "sent"
