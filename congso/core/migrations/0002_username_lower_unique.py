from django.db import migrations


class Migration(migrations.Migration):
    """One account per login name whatever its case: ``Admin`` cannot join ``admin``."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0001_role_groups"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE UNIQUE INDEX core_auth_user_username_lower ON auth_user (lower(username));",
            "DROP INDEX core_auth_user_username_lower;",
        )
    ]
