"""Background work of one-stop services, run by ``congso worker``."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from congso.core.schedule import periodic

from .models import Notification

BATCH = 500


@periodic(every=timedelta(minutes=5))
@task(queue_name="default")
def send_notifications() -> int:
    """Send every notification not yet sent through the configured sender; a failure is kept
    with its error and tried again on the next run."""
    sender = import_string(settings.ONESTOP_SENDER)()
    sent = 0
    for notification in Notification.objects.filter(sent_at__isnull=True)[:BATCH]:
        try:
            sender.send(notification)
        except Exception as exc:  # a gateway's failure must not stop the others
            Notification.objects.filter(pk=notification.pk).update(error=str(exc)[:2000])
            continue
        Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now(), error="")
        sent += 1
    return sent


@periodic(every=timedelta(days=1))
@task(queue_name="default")
def apologise_for_late_dossiers() -> int:
    """Every day: dossiers about to be late get their apology letter, once."""
    from .services import apologise_due_dossiers

    return apologise_due_dossiers()


@periodic(every=timedelta(days=1), offset=timedelta(hours=19))
@task(queue_name="default")
def erase_expired_personal_data() -> int:
    """Every night: erase applicants' personal data kept beyond ONESTOP_RETENTION_DAYS."""
    from .services import erase_personal_data_due

    return erase_personal_data_due()
