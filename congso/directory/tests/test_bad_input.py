"""No request to the back office answers 5xx, whatever it carries: junk ids, a 2 KB search,
impossible dates, unknown orderings and export formats, as an administrator and as a district
account, by GET and by POST. The URLs come from every registered viewset and chooser, so a
module's screens join this test by being registered; Wagtail's own screens (pages, images,
documents, users, groups, sites, workflows, reports, …) are walked from the URL resolver."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.admin.viewsets import viewsets as registry

from congso.core.backoffice.choosers import ScopedChooserViewSet
from congso.core.backoffice.viewsets import ScopedViewSet, scoped_viewsets
from congso.directory.models import Organisation

JUNK_IDS = ("abc", "0", "99999999", "-1")
LONG_QUERY = " ".join(["a"] * 1000)  # 2 KB
JUNK_PARAMS = (
    {},
    {"q": LONG_QUERY},
    {"on": "31/02/2014"},
    {"p": "abc"},
    {"ordering": "nonexistent"},
    {"export": "xlsx"},
    {"export": "csv"},
    {"id": "abc"},
)
JUNK_FIELDS = ("name", "kind", "admin_unit", "parent", "organisation", "lead_unit", "members")
JUNK_FIELDS += ("valid_from", "valid_to", "position", "full_name", "email", "congso_version")
_CONVERTER = re.compile(r"<(?:\w+:)?\w+>")
#: a path argument, in ``path()`` or ``re_path()`` syntax
_ARGUMENT = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)")
#: signing out would end the walk; the error test screen fails on purpose
_NOT_WALKED = {"wagtailadmin_logout", "wagtailadmin_error_test"}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def back_office_urls() -> list[str]:
    """Every URL of every registered scoped viewset and chooser, each id replaced by junk."""
    scoped_viewsets()  # the admin's URLs register the viewsets
    urls = set()
    for viewset in registry.viewsets:
        if not isinstance(viewset, ScopedViewSet | ScopedChooserViewSet):
            continue
        for route, _pattern in _routes(viewset.get_urlpatterns()):
            base = f"/admin/{viewset.url_prefix}/{route}".replace("//", "/")
            if _CONVERTER.search(base):
                urls.update(_CONVERTER.sub(junk, base) for junk in JUNK_IDS)
            else:
                urls.add(base)
    return sorted(urls)


def wagtail_urls() -> list[str]:
    """Every URL under /admin/ the resolver knows that the walk above does not reach, each
    argument replaced by every junk id its pattern accepts (``abc`` in an ``<int:pk>`` would
    only reach the catch-all)."""
    scoped = set(back_office_urls())
    urls = set()
    for route, pattern in _routes(get_resolver().url_patterns):
        if not route.startswith("admin/") or ".*" in route or pattern.name in _NOT_WALKED:
            continue
        base = "/" + route.replace("^", "").replace("$", "").replace("\\.", ".")
        if not _ARGUMENT.search(base):
            urls.add(base)
            continue
        for junk in JUNK_IDS:
            url = _ARGUMENT.sub(junk, base)
            if resolve(url).func is pattern.callback:
                urls.add(url)
    return sorted(urls - scoped)


def test_the_walk_reaches_every_kind_of_screen():
    urls = back_office_urls()
    assert "/admin/directory/organisations/edit/abc/" in urls
    assert "/admin/directory/unit-chooser/chosen/abc/" in urls
    assert "/admin/directory/unit-chooser/chosen-multiple/" in urls
    assert "/admin/directory/units/inspect/-1/" in urls


@pytest.mark.parametrize("account", ["admin", "doluong"])
def test_no_back_office_url_answers_5xx_to_junk(client, district_setup, admin_user, account):
    user = admin_user if account == "admin" else district_setup["doluong"]["user"]
    client.force_login(user)
    client.raise_request_exception = False
    failures = []
    for url in back_office_urls():
        for params in JUNK_PARAMS:
            if client.get(url, params).status_code >= 500:
                failures.append(f"GET {url} {params}")
        # A form posted with junk in every field it might have.
        junk_form = dict.fromkeys(JUNK_FIELDS, "abc")
        for data in ({}, junk_form):
            if client.post(url, data).status_code >= 500:
                failures.append(f"POST {url} {data}")
    assert failures == []


def test_the_walk_of_wagtails_screens_reaches_each_of_them():
    urls = wagtail_urls()
    for url in (
        "/admin/pages/99999999/edit/",
        "/admin/documents/chooser/chosen/abc/",
        "/admin/images/chooser/chosen-multiple/",
        "/admin/choose-page/search/",
        "/admin/users/edit/0/",
        "/admin/groups/new/",
        "/admin/sites/",
        "/admin/collections/",
        "/admin/workflows/list/",
        "/admin/reports/locked/",
        "/admin/account/",
        "/admin/lockouts/",
        "/admin/api/main/pages/find/",
    ):
        assert url in urls
    assert "/admin/pages/abc/edit/" not in urls
    assert "/admin/logout/" not in urls
    assert "/admin/directory/organisations/edit/abc/" not in urls


@pytest.mark.parametrize("account", ["admin", "doluong"])
def test_no_wagtail_url_answers_5xx_to_junk(client, district_setup, admin_user, account):
    user = admin_user if account == "admin" else district_setup["doluong"]["user"]
    client.force_login(user)
    client.raise_request_exception = False
    failures = []
    for url in wagtail_urls():
        # A junk id already names nothing: its parameters are not read.
        has_id = any(f"/{junk}/" in url for junk in JUNK_IDS)
        for params in JUNK_PARAMS[:1] if has_id else JUNK_PARAMS:
            if client.get(url, params).status_code >= 500:
                failures.append(f"GET {url} {params}"[:200])
        for data in ({}, dict.fromkeys(JUNK_FIELDS + ("title", "url", "id"), "abc")):
            if client.post(url, data).status_code >= 500:
                failures.append(f"POST {url} {data}"[:200])
    assert failures == []


@pytest.mark.parametrize(
    "viewset", ["directory_units", "directory_organisations", "directory_people"]
)
def test_a_search_of_a_thousand_words_answers_a_listing(client, admin_user, province, viewset):
    client.force_login(admin_user)
    response = client.get(reverse(f"{viewset}:index"), {"q": LONG_QUERY})
    assert response.status_code == 200


def test_a_population_search_of_a_thousand_words_answers_a_listing(client, admin_user, province):
    client.force_login(admin_user)
    response = client.get(reverse("directory_population:index"), {"q": LONG_QUERY})
    assert response.status_code == 200


def test_the_unit_chooser_bounds_a_search_of_a_thousand_words(client, admin_user, province):
    client.force_login(admin_user)
    for name in ("choose", "choose_results"):
        response = client.get(reverse(f"directory_unit_chooser:{name}"), {"q": LONG_QUERY})
        assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/directory/unit-chooser/chosen/abc/",
        "/admin/directory/unit-chooser/chosen-multiple/?id=abc",
    ],
)
def test_choosing_a_unit_by_a_junk_id_is_not_found(client, admin_user, province, url):
    client.force_login(admin_user)
    client.raise_request_exception = False
    assert client.get(url).status_code == 404


def test_a_post_to_the_unit_chooser_creation_is_refused_plainly(client, admin_user, province):
    client.force_login(admin_user)
    client.raise_request_exception = False
    response = client.post("/admin/directory/unit-chooser/create/", {"name": "x"})
    assert response.status_code in (403, 404, 405)


def test_a_new_organisation_with_a_junk_unit_is_refused_with_a_message(
    client, admin_user, province
):
    client.force_login(admin_user)
    client.raise_request_exception = False
    response = client.post(
        reverse("directory_organisations:add"),
        {"name": "Tổ chức mới", "kind": "other", "admin_unit": "abc"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["admin_unit"]
    assert not Organisation.objects.filter(name="Tổ chức mới").exists()
