"""The demo's one-stop part: procedures at province, district (before 2025) and commune level,
sample dossiers in every state, one across the 2025 reform; a second run refreshes it."""

from io import StringIO

import pytest
from django.core.management import call_command

from congso.onestop.models import Dossier, Procedure

pytestmark = pytest.mark.django_db


def test_the_demo_has_dossiers_in_every_state_and_runs_twice():
    call_command("demo", stdout=StringIO())
    assert set(Dossier.objects.values_list("status", flat=True)) == set(Dossier.Status.values)
    assert set(Procedure.objects.values_list("level", flat=True)) == {1, 2, 3}
    assert not Dossier.objects.filter(is_sample=False).exists()
    reform = Dossier.objects.get(events__kind="handed_over")
    assert reform.code.startswith("000.00.25.H40-250625-")
    assert reform.agency.admin_unit.level == 3
    count = Dossier.objects.count()
    call_command("demo", stdout=StringIO())
    assert Dossier.objects.count() == count
