import json
from decimal import Decimal

import pytest

from congso.core.actors import SYSTEM
from congso.stats import services
from congso.stats.models import DataValue
from congso.stats.services import ValueInput

BASE = "/api/v1/stats"


@pytest.fixture
def tokens(world):
    found = {}
    for who in ("vnpt", "viettel", "district", "staff"):
        _token, secret = services.token_create(
            user=SYSTEM, name=f"Hệ thống {who}", account=world.users[who]
        )
        found[who] = secret
    return found


def get(client, path, token=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(BASE + path, params, headers=headers)


def post(client, path, body, token):
    return client.post(
        BASE + path,
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def values(world):
    services.datavalue_save(
        user=SYSTEM,
        data_set=world.data_set,
        period="2014Q1",
        organisation=world.vnpt,
        values=[ValueInput(world.revenue, None, Decimal("971.8"))],
    )
    services.datavalue_save(
        user=SYSTEM,
        data_set=world.data_set,
        period="2014Q1",
        organisation=world.viettel,
        values=[ValueInput(world.revenue, None, Decimal("500"))],
    )


def test_without_a_token_or_with_a_revoked_one_nothing_is_answered(client, world, tokens):
    assert get(client, "/data-values").status_code == 401
    assert get(client, "/data-values", "cs_wrong").status_code == 401
    token = world.users["vnpt"].stats_tokens.get()
    services.token_revoke(user=SYSTEM, token=token)
    assert get(client, "/data-values", tokens["vnpt"]).status_code == 401


def test_an_enterprise_reads_only_its_own_values(client, world, tokens):
    values(world)
    body = get(client, "/data-values", tokens["vnpt"]).json()
    assert body["count"] == 1
    assert body["dataValues"][0]["value"] == "971.8"
    assert body["dataValues"][0]["organisation"] == world.vnpt.pk
    assert get(client, "/data-values", tokens["district"]).json()["count"] == 0
    assert get(client, "/data-values", tokens["staff"]).json()["count"] == 2


def test_an_enterprise_writes_its_own_values_all_or_nothing(client, world, tokens):
    document = {
        "dataValues": [
            {"dataElement": "REVENUE", "period": "2014Q1", "orgUnit": "40", "value": "971.8"},
            {
                "dataElement": "PHONE_SUBS",
                "period": "2014Q1",
                "orgUnit": "40",
                "categoryOptionCombo": "MOBILE",
                "value": 40532154,
            },
        ]
    }
    dry = post(client, "/data-values?dryRun=true", document, tokens["vnpt"])
    assert dry.status_code == 200 and dry.json()["dry_run"] and not DataValue.objects.exists()
    response = post(client, "/data-values", document, tokens["vnpt"])
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 2
    assert set(DataValue.objects.values_list("organisation", flat=True)) == {world.vnpt.pk}
    document["dataValues"].append(
        {"dataElement": "REVENUE", "period": "2014Q1", "orgUnit": "40", "value": "971,8"}
    )
    bad = post(client, "/data-values", document, tokens["vnpt"])
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["position"] == "bản ghi 3"


def test_nobody_writes_for_an_organisation_outside_their_unit(client, world, tokens):
    document = {
        "dataValues": [
            {"dataElement": "REVENUE", "period": "2014Q1", "orgUnit": "40", "value": "1"}
        ]
    }
    response = post(
        client, f"/data-values?organisation={world.viettel.pk}", document, tokens["vnpt"]
    )
    assert response.status_code == 403
    assert not DataValue.objects.exists()


def test_submissions_are_scoped_like_the_screens(client, world, tokens):
    values(world)
    assert [s["organisation"] for s in get(client, "/submissions", tokens["vnpt"]).json()] == [
        "VNPT Nghệ An"
    ]
    assert get(client, "/submissions", tokens["district"]).json() == []


def test_metadata_and_the_openapi_description(client, world, tokens):
    elements = get(client, "/elements", tokens["vnpt"]).json()
    phone = next(e for e in elements if e["code"] == "PHONE_SUBS")
    assert [o["code"] for o in phone["options"]] == ["FIXED", "MOBILE"]
    assert get(client, "/reporting", tokens["vnpt"]).json()[0]["org_unit"] == "40"
    schema = client.get(BASE + "/openapi.json").json()
    assert "/api/v1/stats/data-values" in schema["paths"]


def test_a_signed_in_person_uses_the_api_with_the_session(client, world):
    client.force_login(world.users["vnpt"])
    assert get(client, "/elements").status_code == 200
