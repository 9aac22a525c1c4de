"""Each portal keeps its images and documents in its own collection: its editors and board see,
choose and upload there only; province staff (portal_admin) reach every portal's collection."""

import io

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail.permissions import policy_registry

pytestmark = pytest.mark.django_db


def picture(title: str, collection: Collection) -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 10), "blue").save(buffer, "PNG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name="anh.png"), collection=collection
    )


def test_each_new_portal_has_its_own_collection_under_the_root(portals):
    root = Collection.get_first_root_node()
    collections = [portal.collection for portal in portals.values()]
    assert len({c.pk for c in collections}) == 3
    assert all(c.get_parent() == root for c in collections)
    assert portals["doluong"].collection.name == portals["doluong"].site.site_name


def test_an_editor_sees_and_chooses_only_the_images_of_their_own_portal(client, portals):
    own = picture("Ảnh Đô Lương", portals["doluong"].collection)
    other = picture("Ảnh Yên Thành", portals["yenthanh"].collection)
    province = picture("Ảnh chung của tỉnh", Collection.get_first_root_node())
    editor = portals["doluong"].users["editor"]
    policy = policy_registry.get_by_type(Image)

    chosen = policy.instances_user_has_any_permission_for(editor, ["choose"])
    assert set(chosen) == {own}
    assert policy.user_has_permission_for_instance(editor, "change", own)
    assert not policy.user_has_permission_for_instance(editor, "change", other)

    client.force_login(editor)
    listing = client.get(reverse("wagtailimages:index")).content.decode()
    assert "Ảnh Đô Lương" in listing
    assert "Ảnh Yên Thành" not in listing and "Ảnh chung của tỉnh" not in listing
    assert client.get(reverse("wagtailimages:edit", args=[other.pk])).status_code in (302, 403)
    assert client.get(reverse("wagtailimages:edit", args=[province.pk])).status_code in (302, 403)


def test_an_upload_goes_only_into_the_portals_own_collection(client, portals):
    board = portals["yenthanh"].users["board"]
    policy = policy_registry.get_by_type(Image)
    assert list(policy.collections_user_has_permission_for(board, "add")) == [
        portals["yenthanh"].collection
    ]
    client.force_login(board)
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 10), "red").save(buffer, "PNG")
    buffer.name = "moi.png"
    buffer.seek(0)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ảnh lạc sang huyện khác",
            "file": buffer,
            "collection": portals["doluong"].collection.pk,
        },
    )
    assert response.status_code in (200, 302)
    # With one collection to choose from, Wagtail's form has no collection field: the upload
    # lands in the member's own portal, whatever was posted.
    landed = Image.objects.filter(title="Ảnh lạc sang huyện khác").values_list(
        "collection", flat=True
    )
    assert list(landed) in ([], [portals["yenthanh"].collection.pk])


def test_province_staff_reach_every_portals_collection(portals, department):
    from .scale import make_province_users

    province = make_province_users(department)["province"]
    images = [picture(f"Ảnh {key}", portal.collection) for key, portal in portals.items()]
    policy = policy_registry.get_by_type(Image)
    assert set(policy.instances_user_has_any_permission_for(province, ["choose"])) == set(images)


def test_the_image_listing_costs_the_same_queries_for_a_member_of_two_or_of_three_portals(
    client, portals
):
    from congso.core.actors import SYSTEM
    from congso.directory.models import Person
    from congso.portal.services import portal_member_set

    for number in range(3):
        picture(f"Ảnh {number}", portals["doluong"].collection)
    editor = portals["doluong"].users["editor"]
    person = Person.objects.get(user=editor)
    client.force_login(editor)
    url = reverse("wagtailimages:index")
    counts = []
    # With two collections or more, the listing offers a filter by collection.
    for key in ("department", "yenthanh"):
        portal_member_set(
            user=SYSTEM, portal=portals[key], person=person, role="editor", member=True
        )
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.content.decode().count("Ảnh ") >= 3
        counts.append(len(queries))
    assert counts[0] == counts[1]
