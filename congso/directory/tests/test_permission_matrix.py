"""Every verb of every back-office object kind, as every role of the demo, on an object in the
role's scope and on one outside it. Built from what is registered (``scoped_viewsets()``, the
scoped choosers, ``declared_roles()``), so a module's viewsets and roles join it unchanged:
in scope is the first object ``viewset.visible(user)`` returns, outside the first that it does
not.

A leak: an out-of-scope object shown, exported, changed or chosen; a verb answered 200 (or a
write done) without the model permission it needs. A wrongful refusal: an in-scope verb the
role's permissions allow answered 403 or 404."""

import csv
from io import StringIO

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from wagtail.admin.viewsets import viewsets as registry
from wagtail.coreutils import get_content_type_label
from wagtail.models import ModelLogEntry

from congso.core.backoffice.choosers import ScopedChooserViewSet
from congso.core.backoffice.viewsets import scoped_viewsets
from congso.core.roles import declared_roles, role_group
from congso.directory.tests.test_base_defects import form_data

ANY = ["add", "change", "delete", "view"]
REFUSED = (302, 403, 404)


def accounts() -> list[tuple[str, object]]:
    """(label, user): the demo's administrator and one account of every declared role."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    found = [("superuser", User.objects.filter(is_superuser=True).first())]
    for key in declared_roles():
        user = role_group(key).user_set.filter(person__isnull=False).first()
        assert user is not None, f"the demo has no account of the role {key!r}"
        found.append((key, user))
    return found


def samples(viewset, user):
    model = viewset.model
    visible = viewset.visible(user)
    inside = visible.order_by("pk").first()
    outside = model._default_manager.exclude(pk__in=visible.values("pk")).order_by("pk").first()
    return visible, inside, outside


class Matrix:
    def __init__(self):
        self.requests = 0
        self.leaks: list[str] = []
        self.refusals: list[str] = []

    def get(self, client, url, params=None):
        self.requests += 1
        return client.get(url, params or {})

    def post(self, client, url, data):
        self.requests += 1
        return client.post(url, data)

    def leak(self, who, what):
        self.leaks.append(f"{who}: {what}")

    def refusal(self, who, what):
        self.refusals.append(f"{who}: {what}")


def listed_pks(response) -> set:
    objects = response.context.get("object_list") if response.context else None
    return {obj.pk for obj in objects or ()}


def csv_rows(response) -> int:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return max(len(list(csv.reader(StringIO(text)))) - 1, 0)


def check_viewset(matrix, client, who, user, viewset):
    policy = viewset.permission_policy
    may_see = policy.user_has_any_permission(user, ANY)
    may_add = policy.user_has_permission(user, "add")
    may_change = policy.user_has_permission(user, "change")
    visible, inside, outside = samples(viewset, user)
    name = viewset.name
    url = lambda view, *args: viewset.get_url_name(view) and _reverse(viewset, view, *args)  # noqa: E731

    # list and exports
    response = matrix.get(client, url("index"))
    if not may_see:
        if response.status_code == 200:
            matrix.leak(who, f"{name} list answered 200 without permission")
    else:
        if response.status_code != 200:
            matrix.refusal(who, f"{name} list answered {response.status_code}")
        elif listed_pks(response) - set(visible.values_list("pk", flat=True)):
            matrix.leak(who, f"{name} list shows objects outside its scope")
    for export in ("csv", "xlsx"):
        response = matrix.get(client, url("index"), {"export": export})
        if not may_see:
            if response.status_code == 200:
                matrix.leak(who, f"{name} {export} export answered 200 without permission")
        elif response.status_code != 200:
            matrix.refusal(who, f"{name} {export} export answered {response.status_code}")
        elif export == "csv" and csv_rows(response) > visible.count():
            matrix.leak(who, f"{name} csv export has rows outside its scope")

    # inspect, history
    for view, needs in (("inspect", may_see), ("history", may_add or may_change)):
        if viewset.read_only and view == "history":
            continue
        for obj, in_scope in ((inside, True), (outside, False)):
            if obj is None:
                continue
            response = matrix.get(client, url(view, obj.pk))
            if in_scope and needs and response.status_code in (403, 404):
                matrix.refusal(who, f"{name} {view} of its own #{obj.pk}")
            if response.status_code == 200 and not (in_scope and needs):
                matrix.leak(who, f"{name} {view} of #{obj.pk} (in scope: {in_scope})")

    if viewset.read_only:
        return

    # edit form and post
    for obj, in_scope in ((inside, True), (outside, False)):
        if obj is None:
            continue
        edit = url("edit", obj.pk)
        response = matrix.get(client, edit)
        allowed = in_scope and may_change
        if allowed and response.status_code in (403, 404):
            matrix.refusal(who, f"{name} edit form of its own #{obj.pk}")
        if response.status_code == 200 and not allowed:
            matrix.leak(who, f"{name} edit form of #{obj.pk} (in scope: {in_scope})")
        data = form_data(response) if response.status_code == 200 else {"name": "Rò rỉ"}
        before = _row(obj)
        response = matrix.post(client, edit, data)
        if allowed and response.status_code in (403, 404):
            matrix.refusal(who, f"{name} edit post of its own #{obj.pk}")
        # Wagtail answers a refusal with a redirect too: what counts is what was written.
        if not allowed and _row(obj) != before:
            matrix.leak(who, f"{name} edit post changed #{obj.pk} (in scope: {in_scope})")
        # delete: no address, and nothing goes
        response = matrix.post(client, f"/admin/{viewset.url_prefix}/delete/{obj.pk}/", {})
        if (
            response.status_code in (200, 302)
            or not type(obj)._default_manager.filter(pk=obj.pk).exists()
        ):
            matrix.leak(who, f"{name} delete of #{obj.pk} answered {response.status_code}")

    # create form and post
    count = viewset.model._default_manager.count()
    response = matrix.get(client, url("add"))
    if may_add and response.status_code in (403, 404):
        matrix.refusal(who, f"{name} create form answered {response.status_code}")
    if not may_add and response.status_code == 200:
        matrix.leak(who, f"{name} create form answered 200 without permission")
    response = matrix.post(client, url("add"), {})
    if may_add and response.status_code in (403, 404):
        matrix.refusal(who, f"{name} create post answered {response.status_code}")
    if not may_add and viewset.model._default_manager.count() != count:
        matrix.leak(who, f"{name} create post wrote without permission")


def check_chooser(matrix, client, who, user, chooser):
    visible = chooser.visible(user)
    outside = chooser.model._default_manager.exclude(pk__in=visible.values("pk")).first()
    response = matrix.get(client, _reverse(chooser, "choose_results"))
    if response.status_code != 200:
        matrix.refusal(who, f"{chooser.name} answered {response.status_code}")
    elif listed_pks(response) - set(visible.values_list("pk", flat=True)):
        matrix.leak(who, f"{chooser.name} lists units outside its scope")
    if outside is not None:
        response = matrix.get(client, _reverse(chooser, "chosen", outside.pk))
        if response.status_code == 200:
            matrix.leak(who, f"{chooser.name} chose #{outside.pk}, outside its scope")


def check_site_history(matrix, client, who, user, viewsets):
    """The site-history report (and its export) lists no change of an object outside the
    user's scope."""
    response = matrix.get(client, "/admin/reports/site-history/", {"export": "csv"})
    if response.status_code != 200:
        return
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    listed = {(row[2], row[0]) for row in list(csv.reader(StringIO(text)))[1:]}
    for viewset in viewsets:
        visible = viewset.visible(user)
        label = get_content_type_label(ContentType.objects.get_for_model(viewset.model))
        outside = set(
            viewset.model._default_manager.exclude(pk__in=visible.values("pk")).values_list(
                "pk", flat=True
            )
        )
        leaked = sorted(int(pk) for kind, pk in listed if kind == label and int(pk) in outside)
        if leaked:
            matrix.leak(who, f"site history lists changes of {viewset.name} {leaked[:5]}…")


def _reverse(viewset, view, *args):
    from django.urls import reverse

    return reverse(viewset.get_url_name(view), args=args)


def _row(obj) -> tuple:
    """The row and its audit trail: a write the service let through leaves an entry even
    when it posted the values unchanged."""
    fresh = type(obj)._default_manager.filter(pk=obj.pk).values().first()
    return fresh or {}, ModelLogEntry.objects.for_instance(obj).count()


def test_no_role_reaches_outside_its_scope_nor_is_refused_inside_it(db):
    call_command("demo", stdout=StringIO())
    matrix = Matrix()
    viewsets = scoped_viewsets()
    choosers = [v for v in registry.viewsets if isinstance(v, ScopedChooserViewSet)]
    assert viewsets and choosers
    for who, user in accounts():
        client = Client()
        client.force_login(user)
        for viewset in viewsets:
            check_viewset(matrix, client, who, user, viewset)
        for chooser in choosers:
            check_chooser(matrix, client, who, user, chooser)
        check_site_history(matrix, client, who, user, viewsets)
    print(f"permission matrix: {matrix.requests} requests")
    assert matrix.requests > 300
    print("\n".join(["leaks:", *matrix.leaks, "wrongful refusals:", *matrix.refusals]))
    assert matrix.leaks == []
    assert matrix.refusals == []
