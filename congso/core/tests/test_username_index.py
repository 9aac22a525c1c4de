"""The migration that makes login names unique whatever their case, on a database that
already holds ``Admin`` and ``admin``."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

migration = importlib.import_module("congso.core.migrations.0002_username_lower_unique")

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_index():
    """The database as it was before the migration (the test's transaction restores it)."""
    with connection.cursor() as cursor:
        cursor.execute(migration.DROP)


def _migrate():
    migration.create_index(apps, connection.schema_editor(atomic=False))


def test_names_differing_only_in_case_stop_the_migration_with_their_names(without_index):
    users = get_user_model().objects
    for username in ("admin", "Admin", "doluong", "DoLuong", "DOLUONG", "yenthanh"):
        users.create_user(username)
    with pytest.raises(CommandError) as refusal:
        _migrate()
    message = str(refusal.value)
    assert '"Admin", "admin"; "DOLUONG", "DoLuong", "doluong"' in message
    assert "yenthanh" not in message
    assert "Hãy đổi tên đăng nhập của một tài khoản" in message
    assert "Rename one account of each group" in message


def test_once_renamed_the_migration_makes_names_unique_whatever_their_case(without_index):
    users = get_user_model().objects
    users.create_user("admin")
    users.create_user("Admin2")
    _migrate()
    with pytest.raises(IntegrityError), transaction.atomic():
        users.create_user("ADMIN")
