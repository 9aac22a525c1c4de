from django.core.management.base import CommandError
from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower

CREATE = "CREATE UNIQUE INDEX core_auth_user_username_lower ON auth_user (lower(username));"
DROP = "DROP INDEX core_auth_user_username_lower;"


def clashing_usernames(user_model) -> list[list[str]]:
    """Groups of login names that differ only in case, each sorted."""
    folded = (
        user_model.objects.annotate(folded=Lower("username"))
        .values("folded")
        .annotate(count=Count("id"))
        .filter(count__gt=1)
        .values_list("folded", flat=True)
    )
    groups = {}
    for username in (
        user_model.objects.annotate(folded=Lower("username"))
        .filter(folded__in=list(folded))
        .order_by("folded", "username")
        .values_list("username", flat=True)
    ):
        groups.setdefault(username.lower(), []).append(username)
    return list(groups.values())


def create_index(apps, schema_editor):
    """The index, or a message naming the accounts that stop it, instead of an IntegrityError
    (the database's own words, in English, about an index nobody has heard of)."""
    clashes = clashing_usernames(apps.get_model("auth", "User"))
    if clashes:
        names = "; ".join(", ".join(f'"{name}"' for name in group) for group in clashes)
        raise CommandError(
            f"Không thể chuyển đổi cơ sở dữ liệu: một số tên đăng nhập chỉ khác nhau ở chữ "
            f"hoa, chữ thường ({names}), mà từ nay mỗi tên chỉ thuộc một tài khoản. Hãy đổi "
            f"tên đăng nhập của một tài khoản trong mỗi nhóm (Cài đặt › Người dùng trong trang quản trị, hoặc "
            f"`congso shell`), rồi chạy lại `congso migrate`.\n"
            f"Cannot migrate the database: some login names differ only in case ({names}), "
            f"and from now on each name belongs to one account. Rename one account of each "
            f"group (Settings › Users in the back office, or `congso shell`), then run "
            f"`congso migrate` again."
        )
    schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    schema_editor.execute(DROP)


class Migration(migrations.Migration):
    """One account per login name whatever its case: ``Admin`` cannot join ``admin``."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0001_role_groups"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
