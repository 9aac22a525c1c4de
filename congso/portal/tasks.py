"""Background work of the portals, run by the worker (`congso worker`)."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.tasks import task
from django.utils import timezone
from wagtail.models import Page, Revision

from congso.core.schedule import periodic


@periodic(every=timedelta(minutes=1))
@task()
def publish_scheduled_pages() -> dict:
    """Publish the revisions whose scheduled time has come and unpublish the pages whose expiry
    has passed, with Wagtail's own logic (its ``publish_scheduled`` command), every minute; a
    minute missed while no worker ran is caught up by the next run."""
    now = timezone.now()
    due = Revision.page_revisions.filter(approved_go_live_at__lte=now).count()
    expiring = Page.objects.filter(live=True, expire_at__lt=now).count()
    call_command("publish_scheduled", stdout=StringIO())
    return {"published": due, "expired": expiring}
