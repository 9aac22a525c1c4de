"""The demo's one-stop part: procedures at province, district (before 2025) and commune level,
sample dossiers in every state, one across the 2025 reform; a second run refreshes it."""

from io import StringIO

import pytest
from django.core.management import call_command

from congso.onestop.models import Dossier, Procedure

pytestmark = pytest.mark.django_db


def test_the_demo_has_dossiers_in_every_state_and_runs_twice(demo):
    assert set(Dossier.objects.values_list("status", flat=True)) == set(Dossier.Status.values)
    assert set(Procedure.objects.values_list("level", flat=True)) == {1, 2, 3}
    assert not Dossier.objects.filter(is_sample=False).exists()
    reform = Dossier.objects.get(events__kind="handed_over")
    assert reform.code.startswith("000.00.25.H40-250625-")
    assert reform.agency.admin_unit.level == 3
    count = Dossier.objects.count()
    call_command("demo", stdout=StringIO())
    assert Dossier.objects.count() == count


def test_the_demo_has_an_account_for_each_one_stop_role(demo):
    from django.contrib.auth import get_user_model

    from congso.core.roles import role_group

    users = get_user_model().objects
    for username, role in (
        ("motcua_xa", "onestop_receiver"),
        ("xuly_xa", "onestop_processor"),
        ("lanhdao_xa", "onestop_leader"),
    ):
        assert users.get(username=username).groups.filter(pk=role_group(role).pk).exists()
    assert users.get(username="motcua_xa").has_perm("onestop.receive_dossier")
    assert not users.get(username="motcua_xa").has_perm("onestop.approve_dossier")
