"""The demo's work programme: the conference of 26/03/2014 and its consequences."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from congso.workplan.models import Conference, Petition, Programme, Scheme, Task
from congso.workplan.selectors import status_counts

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_conference_and_fills_every_bucket(demo):
    conference = Conference.objects.get()
    assert conference.kind == Conference.Kind.ONLINE
    assert conference.chair.position == "director"
    assert conference.bridge_points.count() == 21
    assert conference.petitions.count() == 7
    assert Petition.objects.filter(status=Petition.Status.ANSWERED).count() == 7
    assert Petition.objects.filter(group__isnull=False).count() == 2
    assert Scheme.objects.count() == 2
    assert Programme.objects.get().items.count() == 4
    report = Task.objects.get(title__startswith="Báo cáo tình hình thực hiện các đề án")
    assert report.deadline == date(2014, 10, 30)
    counts = status_counts(Task.objects.all())
    assert min(counts.done_on_time, counts.done_late, counts.open_in_time, counts.open_overdue) > 0
    tasks = Task.objects.count()
    call_command("demo", stdout=StringIO())
    assert Task.objects.count() == tasks
    assert Conference.objects.count() == 1
