"""The article body's block definition is packed once per language and stays correct."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

from congso.core.backoffice import blockdefs

from .factories import make_article

pytestmark = pytest.mark.django_db


def escaped(text: str) -> str:
    """``text`` as it appears inside the block definition's JSON."""
    return json.dumps(text)[1:-1]


def test_the_body_definition_is_packed_once_then_reused_in_each_language(portals, monkeypatch):
    portal = portals["doluong"]
    editor = portal.users["editor"]
    article = make_article(portal, title="Bài viết thử", publish=False)
    client = Client()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    monkeypatch.setattr(blockdefs, "_PACKED", {})
    packed = []
    build = blockdefs._build
    monkeypatch.setattr(blockdefs, "_build", lambda widget: packed.append(widget) or build(widget))

    first = client.get(url).content.decode()
    assert escaped("Trích dẫn") in first  # the quote block's label, in Vietnamese
    assert len(packed) == 1
    second = client.get(url).content.decode()
    assert len(packed) == 1
    assert second.count("data-w-block-data-value") == first.count("data-w-block-data-value") == 1
    assert escaped("Trích dẫn") in second

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    english = client.get(url).content.decode()
    assert '"Quote"' in english.replace("&quot;", '"')
    assert escaped("Trích dẫn") not in english
    assert len(packed) == 2
