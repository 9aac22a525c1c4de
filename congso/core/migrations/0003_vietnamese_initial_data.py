"""Vietnamese names for the records Wagtail's initial migrations create in English.

Wagtail makes a root page "Root", a home page "Welcome to your new Wagtail site!", a root
collection "Root", the groups "Moderators" and "Editors" and a workflow and task
"Moderators approval"; staff meet them on the explorer, the groups and the workflows. Only
records that still carry Wagtail's English name are renamed, so a name someone has chosen
stays. The dependencies are the last migrations of the Wagtail apps that look the groups up
by their English names.
"""

from django.db import migrations

PAGES = {"Root": "Gốc", "Welcome to your new Wagtail site!": "Trang chủ"}
GROUPS = {"Moderators": "Người kiểm duyệt", "Editors": "Người soạn thảo"}
TASKS = {"Moderators approval": "Người kiểm duyệt phê duyệt"}


def _rename(queryset, field, names):
    for english, vietnamese in names.items():
        if not queryset.filter(**{field: vietnamese}).exists():
            queryset.filter(**{field: english}).update(**{field: vietnamese})


def to_vietnamese(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    for english, vietnamese in PAGES.items():
        Page.objects.filter(title=english, depth__lte=2).update(title=vietnamese)
        Page.objects.filter(draft_title=english, depth__lte=2).update(draft_title=vietnamese)
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name="Root").update(name="Gốc")
    _rename(apps.get_model("auth", "Group").objects.all(), "name", GROUPS)
    _rename(apps.get_model("wagtailcore", "Task").objects.all(), "name", TASKS)
    _rename(apps.get_model("wagtailcore", "Workflow").objects.all(), "name", TASKS)


def to_english(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    for english, vietnamese in PAGES.items():
        Page.objects.filter(title=vietnamese, depth__lte=2).update(title=english)
        Page.objects.filter(draft_title=vietnamese, depth__lte=2).update(draft_title=english)
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name="Gốc").update(name="Root")
    reverse = lambda names: {v: k for k, v in names.items()}  # noqa: E731
    _rename(apps.get_model("auth", "Group").objects.all(), "name", reverse(GROUPS))
    _rename(apps.get_model("wagtailcore", "Task").objects.all(), "name", reverse(TASKS))
    _rename(apps.get_model("wagtailcore", "Workflow").objects.all(), "name", reverse(TASKS))


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
        ("core", "0002_username_lower_unique"),
    ]

    operations = [migrations.RunPython(to_vietnamese, to_english)]
