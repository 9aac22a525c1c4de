"""One workflow for every portal: "Ban biên tập phê duyệt", one editorial-board approval task,
set on the root page above every portal's home (replacing Wagtail's group-approval workflow
there)."""

from django.db import migrations

TASK = "Ban biên tập phê duyệt"
WORKFLOW = "Phê duyệt của Ban biên tập"


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("portal", "PortalApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Page = apps.get_model("wagtailcore", "Page")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="portal", model="portalapprovaltask"
    )
    task = Task.objects.filter(name=TASK).first()
    if task is None:
        task = Task.objects.create(name=TASK, content_type=content_type, active=True)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def remove(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("portal", "PortalApprovalTask").objects.filter(name=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("core", "0003_vietnamese_initial_data"),
    ]

    operations = [migrations.RunPython(create, remove)]
