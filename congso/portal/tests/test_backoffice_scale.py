"""The back office costs the same number of queries with 3 portals and with 30, for every role:
the editor and the board member of one portal, province staff holding their rights at the root,
a province user on every portal's board, and a superuser."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .scale import (
    add_commune_portals,
    join_every_board,
    make_province_users,
    screens,
    submitted_article,
)

pytestmark = pytest.mark.django_db

LIMIT = 40


def measure(users: dict, urls) -> dict:
    counts = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        for label, url in urls:
            warm = client.get(url, follow=True)  # warm; the explorer leads to the user's root
            if warm.redirect_chain:
                url = warm.redirect_chain[-1][0]
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (role, label, response.status_code)
            counts[role, label] = len(queries)
    return counts


def test_back_office_queries_do_not_grow_with_the_number_of_portals(roles, province, department):
    portals = add_commune_portals(province, 3)
    first = portals[0]
    users = {"editor": first.users["editor"], "board": first.users["board"]}
    users.update(make_province_users(department))
    join_every_board(users["every_board"], portals)
    article = submitted_article(first, users["editor"])
    urls = screens(first, article)
    few = measure(users, urls)

    more = add_commune_portals(province, 27, start=3)
    join_every_board(users["every_board"], more)
    for portal in more[:5]:
        submitted_article(portal, portal.users["editor"])
    many = measure(users, urls)

    # The site history lists the newest entries of every kind of record, and the explorer at
    # the root the 20 newest pages there: their cost follows the mix of kinds among them (one
    # query per kind; the tree's first page, of another type, leaves the first 20 as portals
    # are added), not the number of portals.
    mixed = {"report: site history", "explorer"}
    grown = {
        key: (few[key], many[key])
        for key in few
        if many[key] != few[key] and not (key[1] in mixed and abs(many[key] - few[key]) <= 2)
    }
    assert not grown, grown
    over = {key: count for key, count in many.items() if count > LIMIT}
    assert not over, over
