import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from congso.testing.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    return user


def test_staff_get_vietnamese_even_when_the_browser_asks_for_english(client, staff):
    response = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "Bảng điều khiển" in html


def test_a_user_who_prefers_english_gets_english(client, staff):
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<html lang="en"' in html
    assert "Dashboard" in html
