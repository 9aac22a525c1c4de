"""On-time statistics through the REST API: the statistics API's tokens, scoped like the
screens (a commune's system sees its commune only, the department's sees what its screen
shows), bad input answered with a message, described in the OpenAPI document."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from congso.core.actors import SYSTEM
from congso.core.api_tokens import issue_token
from congso.onestop import services

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db
BASE = "/api/v1/onestop"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = {"start": "2014-03-01", "end": "2014-03-31"}


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=TZ)


@pytest.fixture
def tokens(onestop):
    found = {}
    for who, user in (
        ("a", onestop["xa_a"]["user"]),
        ("b", onestop["xa_b"]["user"]),
        ("department", onestop["department_user"]),
    ):
        found[who] = issue_token(user=SYSTEM, name=f"Hệ thống {who}", account=user)
    return found


@pytest.fixture
def dossiers(onestop):
    """Commune A: one on time, one late; commune B: one refused."""
    a, b = onestop["xa_a"], onestop["xa_b"]

    def record(unit):
        return services.dossier_record(
            user=unit["user"],
            procedure=unit["procedure"],
            data=APPLICANT,
            channel="desk",
            now=at(date(2014, 3, 24)),
        )

    services.dossier_result_ready(user=a["user"], dossier=record(a), now=at(date(2014, 3, 27)))
    services.dossier_result_ready(user=a["user"], dossier=record(a), now=at(date(2014, 3, 31)))
    services.dossier_refuse(
        user=b["user"], dossier=record(b), reason="Sai", now=at(date(2014, 3, 24))
    )


def get(client, token=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(f"{BASE}/on-time-statistics", params, headers=headers)


def test_each_communes_token_sees_its_own_figures_only(client, onestop, tokens, dossiers):
    a = get(client, tokens["a"], **MARCH, group_by="agency").json()
    assert [row["key"] for row in a["rows"]] == [str(onestop["xa_a"]["committee"].pk)]
    [row] = a["rows"]
    assert row["label"] == onestop["xa_a"]["committee"].name
    assert (row["received"], row["on_time"], row["late"], row["refused"]) == (2, 1, 1, 0)
    assert row["on_time_share"] == 0.5
    [row_b] = get(client, tokens["b"], **MARCH, group_by="all").json()["rows"]
    assert (row_b["received"], row_b["refused"], row_b["on_time"]) == (1, 1, 0)
    assert row_b["on_time_share"] is None


def test_the_api_answers_what_the_statistics_screen_shows(client, onestop, tokens, dossiers):
    from congso.onestop.backoffice.tools import statistics_rows

    for who, user in (("a", onestop["xa_a"]["user"]), ("b", onestop["xa_b"]["user"])):
        rows = get(client, tokens[who], **MARCH, group_by="procedure").json()["rows"]
        screen = statistics_rows(user, date(2014, 3, 1), date(2014, 3, 31), "procedure")
        assert [r["label"] for r in rows] == [str(r["label"]) for r in screen]
        assert [r["received"] for r in rows] == [r["values"][0] for r in screen]


def test_months_are_keys_and_labels(client, tokens, dossiers):
    rows = get(client, tokens["a"], start="2014-01-01", end="2014-12-31", group_by="month")
    [row] = rows.json()["rows"]
    assert row["key"] == "2014-03-01" and row["label"] == "03/2014"


def test_without_a_valid_token_nothing_is_answered(client, tokens, dossiers):
    assert get(client, **MARCH).status_code == 401
    assert get(client, "cs_wrong", **MARCH).status_code == 401


def test_bad_input_is_answered_with_a_message_and_no_figures(client, tokens, dossiers):
    backwards = get(client, tokens["a"], start="2014-03-31", end="2014-03-01")
    assert backwards.status_code == 400 and "rows" not in backwards.json()
    assert backwards.json()["detail"]
    assert get(client, tokens["a"], **MARCH, group_by="nonsense").status_code == 422
    assert get(client, tokens["a"], start="31/03/2014", end="2014-03-31").status_code == 422
    assert get(client, tokens["a"], start="2000-01-01", end="2014-03-31").status_code == 400


def test_an_account_without_the_right_to_see_dossiers_is_refused(client, onestop, dossiers):
    from congso.core.roles import role_group
    from congso.testing.fixtures import make_staff

    editor = make_staff(onestop["department"], role_group("editor"), "bientap_api")
    secret = issue_token(user=SYSTEM, name="Biên tập", account=editor)
    assert get(client, secret, **MARCH).status_code == 403


def test_the_openapi_description_lists_the_statistics(client):
    schema = client.get(f"{BASE}/openapi.json").json()
    assert "/api/v1/onestop/on-time-statistics" in schema["paths"]
    operation = schema["paths"]["/api/v1/onestop/on-time-statistics"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"start", "end", "group_by"}
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values()), schemes
    assert "thống kê" in schema["info"]["description"].lower()
