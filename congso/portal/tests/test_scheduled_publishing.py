import datetime as dt

import pytest
from django.utils import timezone

from congso.core.schedule import periodic_tasks

from ..models import ArticlePage
from ..tasks import publish_scheduled_pages
from .factories import make_article

pytestmark = pytest.mark.django_db


def test_publishing_is_a_periodic_task_of_the_worker():
    assert publish_scheduled_pages.module_path in {entry.name for entry in periodic_tasks()}


def test_a_scheduled_article_goes_live_and_an_expired_one_goes_off(portals):
    portal = portals["department"]
    scheduled = make_article(portal, title="Hẹn giờ", publish=False)
    revision = scheduled.save_revision()
    revision.approved_go_live_at = timezone.now() - dt.timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    expiring = make_article(portal, title="Hết hạn")
    ArticlePage.objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() - dt.timedelta(minutes=1)
    )

    result = publish_scheduled_pages.call()

    assert result == {"published": 1, "expired": 1}
    assert ArticlePage.objects.get(pk=scheduled.pk).live
    assert not ArticlePage.objects.get(pk=expiring.pk).live
