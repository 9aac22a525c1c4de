"""The editorial workflow of each portal, and what one portal's people may not do to another's
pages."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState

from ..models import ArticlePage
from .factories import make_article, news_section
from .scale import submitted_article

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def act(client, page, action, comment=""):
    state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return client.post(url, {"comment": comment})


def test_the_board_of_the_pages_own_portal_reviews_it(portals):
    doluong, yenthanh = portals["doluong"], portals["yenthanh"]
    article = submitted_article(doluong, doluong.users["editor"])
    own_board = signed_in(doluong.users["board"]).get(reverse("wagtailadmin_home"))
    other_board = signed_in(yenthanh.users["board"]).get(reverse("wagtailadmin_home"))
    assert "Bài chờ duyệt" in own_board.content.decode()
    assert "Bài chờ duyệt" not in other_board.content.decode()
    # Neither another portal's board nor the editor may approve.
    # Neither refusal changes anything (Wagtail answers a refusal with its dashboard).
    for user in (yenthanh.users["board"], doluong.users["editor"]):
        response = act(signed_in(user), article, "approve")
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert not Page.objects.get(pk=article.pk).live
    assert TaskState.objects.filter(
        workflow_state__object_id=str(article.pk), status=TaskState.STATUS_IN_PROGRESS
    ).exists()


def test_a_rejection_comes_back_to_the_editor_then_an_approval_publishes(portals, client):
    doluong = portals["doluong"]
    editor, board = doluong.users["editor"], doluong.users["board"]
    article = submitted_article(doluong, editor)
    act(signed_in(board), article, "reject", "Bổ sung nguồn tin.")
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    history = signed_in(editor).get(
        reverse("wagtailadmin_pages:workflow_history_detail", args=[article.pk, state.pk])
    )
    assert "Bổ sung nguồn tin." in history.content.decode()
    assert not Page.objects.get(pk=article.pk).live

    state.resume(editor)
    act(signed_in(board), article, "approve")
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    host = doluong.site.hostname
    assert client.get(article.url, HTTP_HOST=host).status_code == 200
    section = news_section(doluong)
    assert article.title in client.get(section.url, HTTP_HOST=host).content.decode()


def test_province_staff_review_every_portal_from_the_root(portals, department):
    from .scale import make_province_users

    province = make_province_users(department)["province"]
    for key in ("doluong", "yenthanh"):
        portal = portals[key]
        article = submitted_article(portal, portal.users["editor"])
        act(signed_in(province), article, "approve")
        assert Page.objects.get(pk=article.pk).live


@pytest.mark.parametrize(
    "view", ["edit", "preview_on_edit", "copy", "move", "delete", "history", "revisions_index"]
)
def test_an_editor_cannot_open_another_portals_page(portals, view):
    other = make_article(portals["yenthanh"], title="Tin Yên Thành")
    client = signed_in(portals["doluong"].users["editor"])
    response = client.get(reverse(f"wagtailadmin_pages:{view}", args=[other.pk]), follow=True)
    # Refused: 403/404, or Wagtail's way, back to the dashboard with a message.
    landed = response.redirect_chain[-1][0] if response.redirect_chain else None
    assert response.status_code in (403, 404) or landed == reverse("wagtailadmin_home")
    assert "Tin Yên Thành" not in response.content.decode()


def test_an_editor_cannot_move_or_copy_a_page_into_another_portal(portals):
    doluong, yenthanh = portals["doluong"], portals["yenthanh"]
    own = make_article(doluong, title="Tin Đô Lương", publish=False)
    own.owner = doluong.users["editor"]
    own.save(update_fields=["owner"])
    target = news_section(yenthanh)
    client = signed_in(doluong.users["editor"])
    move = client.post(reverse("wagtailadmin_pages:move_confirm", args=[own.pk, target.pk]))
    assert move.status_code in (302, 403)
    copy = client.post(
        reverse("wagtailadmin_pages:copy", args=[own.pk]),
        {"new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": target.pk},
    )
    assert copy.status_code in (200, 403)
    assert not Page.objects.filter(slug="ban-sao").exists()
    assert Page.objects.get(pk=own.pk).get_parent().pk == news_section(doluong).pk


def test_an_editor_sees_only_their_own_portal_in_the_explorer(portals):
    doluong, yenthanh = portals["doluong"], portals["yenthanh"]
    client = signed_in(doluong.users["editor"])
    response = client.get(reverse("wagtailadmin_explore_root"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/pages/{doluong.site.root_page_id}/")
    assert "Tin tức - Sự kiện" in html
    other_home = client.get(reverse("wagtailadmin_explore", args=[yenthanh.site.root_page_id]))
    assert other_home.status_code in (302, 403, 404)


def test_a_member_of_two_boards_holds_rights_on_those_portals_pages_and_collections_only(
    portals, department
):
    from wagtail.images import get_image_model
    from wagtail.models import Collection
    from wagtail.permissions import page_permission_policy, policy_registry

    from .scale import join_every_board, make_province_users

    user = make_province_users(department)["every_board"]
    doluong, yenthanh, department_portal = (
        portals["doluong"],
        portals["yenthanh"],
        portals["department"],
    )
    join_every_board(user, [doluong, yenthanh])
    own = make_article(doluong, title="Tin Đô Lương", publish=False)
    also_own = make_article(yenthanh, title="Tin Yên Thành", publish=False)
    other = make_article(department_portal, title="Tin của Sở", publish=False)

    for page in (own, also_own):
        tester = page.permissions_for_user(user)
        assert tester.can_edit() and tester.can_publish() and tester.can_lock()
        assert page_permission_policy.user_has_permission_for_instance(user, "publish", page)
    tester = other.permissions_for_user(user)
    assert not (tester.can_edit() or tester.can_publish() or tester.can_lock())
    assert not page_permission_policy.user_has_permission_for_instance(user, "change", other)
    assert not page_permission_policy.user_has_permission_for_instance(user, "bulk_delete", own)
    editable = page_permission_policy.instances_user_has_any_permission_for(user, {"change"})
    assert {own.pk, also_own.pk} <= set(editable.values_list("pk", flat=True))
    assert not editable.filter(pk=other.pk).exists()
    explorable = page_permission_policy.explorable_instances(user)
    assert not explorable.filter(pk=department_portal.site.root_page_id).exists()

    collections = policy_registry.get_by_type(get_image_model())._collections_with_perm(
        user, ["add"]
    )
    assert set(collections) == {doluong.collection, yenthanh.collection}
    assert Collection.get_first_root_node() not in collections
