"""The one-stop roles: the desk's receiving clerk, the processing officer and the leader who
approves each do their own part of a dossier and nothing else, and only for their own unit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from congso.core.roles import role_group
from congso.onestop import services
from congso.onestop.models import Dossier
from congso.testing.fixtures import make_staff

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(onestop):
    """The receiver, officer and leader of commune A, and a receiver of commune B."""
    a, b = onestop["xa_a"], onestop["xa_b"]
    return {
        "receiver": make_staff(a["committee"], role_group("onestop_receiver"), "motcua_a"),
        "processor": make_staff(a["committee"], role_group("onestop_processor"), "xuly_a"),
        "leader": make_staff(a["committee"], role_group("onestop_leader"), "lanhdao_a"),
        "other_receiver": make_staff(b["committee"], role_group("onestop_receiver"), "motcua_b"),
        "procedure": a["procedure"],
        "department": onestop["department"],
    }


def record(team):
    return services.dossier_record(
        user=team["receiver"], procedure=team["procedure"], data=APPLICANT, channel="desk"
    )


def test_each_role_does_its_own_part_of_a_dossier_from_receipt_to_return(team):
    dossier = record(team)
    assert dossier.status == Dossier.Status.PROCESSING
    dossier = services.dossier_step_complete(user=team["processor"], dossier=dossier)
    services.dossier_apologise(
        user=team["leader"], dossier=dossier, new_due=date(2099, 1, 5), reason="Chờ xác minh"
    )
    dossier = services.dossier_result_ready(user=team["leader"], dossier=dossier)
    assert dossier.status == Dossier.Status.RESULT_READY
    dossier = services.dossier_return(user=team["receiver"], dossier=dossier, method="desk")
    assert dossier.status == Dossier.Status.RETURNED


@pytest.mark.parametrize(
    ("role", "call"),
    [
        ("receiver", lambda u, d: services.dossier_step_complete(user=u, dossier=d)),
        ("receiver", lambda u, d: services.dossier_result_ready(user=u, dossier=d)),
        (
            "receiver",
            lambda u, d: services.dossier_apologise(
                user=u, dossier=d, new_due=date(2099, 1, 5), reason="x"
            ),
        ),
        ("processor", lambda u, d: services.dossier_result_ready(user=u, dossier=d)),
        ("processor", lambda u, d: services.dossier_refuse(user=u, dossier=d, reason="x")),
        ("leader", lambda u, d: services.dossier_step_complete(user=u, dossier=d)),
        ("leader", lambda u, d: services.dossier_transfer(user=u, dossier=d, to=None, days=1)),
    ],
)
def test_a_role_may_not_do_another_roles_part(team, role, call):
    dossier = record(team)
    with pytest.raises(PermissionDenied):
        call(team[role], dossier)
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.PROCESSING
    assert dossier.apologised_at is None
    assert dossier.events.count() == 1


def test_only_the_receiver_records_and_returns_results(team):
    for role in ("processor", "leader"):
        with pytest.raises(PermissionDenied):
            services.dossier_record(
                user=team[role], procedure=team["procedure"], data=APPLICANT, channel="desk"
            )
    dossier = services.dossier_result_ready(user=team["leader"], dossier=record(team))
    for role in ("processor", "leader"):
        with pytest.raises(PermissionDenied):
            services.dossier_return(user=team[role], dossier=dossier, method="desk")
    assert Dossier.objects.count() == 1
    assert dossier.status == Dossier.Status.RESULT_READY


def test_the_processor_transfers_and_the_other_level_returns(team, onestop):
    dossier = record(team)
    transfer = services.dossier_transfer(
        user=team["processor"], dossier=dossier, to=team["department"], days=2
    )
    dossier = services.dossier_transfer_return(user=onestop["department_user"], transfer=transfer)
    assert dossier.status == Dossier.Status.PROCESSING


def test_a_receiver_of_another_commune_acts_on_none_of_its_dossiers(team):
    dossier = record(team)
    other = team["other_receiver"]
    for call in (
        lambda: services.dossier_refuse(user=other, dossier=dossier, reason="x"),
        lambda: services.dossier_request_supplement(user=other, dossier=dossier, items="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(PermissionDenied):
        services.dossier_record(
            user=other, procedure=team["procedure"], data=APPLICANT, channel="desk"
        )
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.PROCESSING


def test_the_dossier_page_offers_each_role_only_its_actions(client, team):
    dossier = record(team)
    url = reverse("onestop_dossiers:inspect", args=[dossier.pk])
    offered = {}
    for role in ("receiver", "processor", "leader"):
        client.force_login(team[role])
        page = client.get(url)
        assert page.status_code == 200
        offered[role] = {a["key"] for a in page.context["actions"]}
    assert offered["receiver"] == {"supplement", "refuse"}
    assert offered["processor"] == {"supplement", "step", "transfer"}
    assert offered["leader"] == {"refuse", "apology", "result_ready"}
    client.force_login(team["leader"])
    client.post(reverse("onestop_dossier_action", args=[dossier.pk, "step"]), {"act-note": ""})
    dossier.refresh_from_db()
    assert dossier.events.count() == 1
    refused = client.get(reverse("onestop_dossier_record"))
    # Wagtail turns a refusal into a return to the dashboard with a message.
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    client.force_login(team["receiver"])
    assert client.get(reverse("onestop_dossier_record")).status_code == 200
