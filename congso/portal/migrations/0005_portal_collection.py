"""Every portal gets its own collection of images and documents; what a portal's members uploaded
while they were all in the root collection moves into their portal's collection when they belong
to one portal only."""

import django.db.models.deletion
from django.db import migrations, models


def give_each_portal_a_collection(apps, schema_editor):
    # Collections are a tree (treebeard): the real model knows how to add a child.
    from wagtail.models import Collection

    Portal = apps.get_model("portal", "Portal")
    PortalMember = apps.get_model("portal", "PortalMember")
    root = Collection.get_first_root_node()
    if root is None:
        return
    for portal in Portal.objects.filter(collection__isnull=True).select_related(
        "site", "organisation"
    ):
        name = portal.site.site_name or portal.organisation.name
        taken = set(Collection.objects.filter(name__startswith=name).values_list("name", flat=True))
        candidate, number = name, 2
        while candidate in taken:
            candidate, number = f"{name} ({number})", number + 1
        portal.collection_id = root.add_child(name=candidate).pk
        portal.save(update_fields=["collection"])
    portals_of_user = {}
    for user_id, portal_id in PortalMember.objects.filter(person__user__isnull=False).values_list(
        "person__user_id", "portal_id"
    ):
        portals_of_user.setdefault(user_id, set()).add(portal_id)
    collection_of = dict(Portal.objects.values_list("pk", "collection_id"))
    for label in ("wagtailimages.Image", "wagtaildocs.Document"):
        model = apps.get_model(*label.split("."))
        for user_id, portal_ids in portals_of_user.items():
            if len(portal_ids) == 1:
                model.objects.filter(uploaded_by_user_id=user_id, collection_id=root.pk).update(
                    collection_id=collection_of[next(iter(portal_ids))]
                )


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0004_merge_0003_pages_legal_qa_rating_0003_search_index'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        ('wagtaildocs', '0014_alter_document_file_size'),
    ]

    operations = [
        migrations.AddField(
            model_name='portal',
            name='collection',
            field=models.ForeignKey(blank=True, help_text="Where the portal's editors and board keep their images and documents.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.collection', verbose_name='collection of images and documents'),
        ),
        migrations.RunPython(give_each_portal_a_collection, migrations.RunPython.noop),
    ]
