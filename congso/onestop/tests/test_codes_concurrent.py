"""Fifty applicants submitting at the same moment get fifty distinct, consecutive codes (on
PostgreSQL, where requests really run in parallel)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, connections

from congso.onestop import services
from congso.onestop.models import Dossier

from .conftest import APPLICANT, uploads_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs parallel connections")
def test_fifty_parallel_submissions_get_fifty_consecutive_codes(onestop):
    procedure = onestop["procedure"]
    drafts = [
        services.dossier_draft_save(
            user=AnonymousUser(),
            procedure=procedure,
            data=APPLICANT,
            uploads=uploads_for(procedure),
        )
        for _i in range(50)
    ]

    def submit(draft):
        try:
            return services.dossier_submit(user=AnonymousUser(), dossier=draft).code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(submit, drafts))
    assert len(set(codes)) == 50
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, 51))
    assert Dossier.objects.filter(code__in=codes).count() == 50


def test_the_daily_counter_gives_consecutive_numbers_per_agency_and_day(db):
    day = date(2014, 3, 27)
    first = services.next_dossier_code("000.00.22.H40", day)
    assert first == "000.00.22.H40-140327-0001"
    assert services.next_dossier_code("000.00.22.H40", day).endswith("-0002")
    assert services.next_dossier_code("OTHER", day).endswith("-0001")
