from django.db import migrations, models


def copy_reasons(apps, schema_editor):
    """Apologies issued before the dossier kept the reason had it only on the timeline."""
    Dossier = apps.get_model("onestop", "Dossier")
    DossierEvent = apps.get_model("onestop", "DossierEvent")
    events = DossierEvent.objects.filter(kind="apology").exclude(note="").order_by("dossier_id", "at")
    reasons = {event.dossier_id: event.note for event in events.iterator()}
    for pk, reason in reasons.items():
        Dossier.objects.filter(pk=pk).update(apology_reason=reason)


class Migration(migrations.Migration):

    dependencies = [
        ("onestop", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="apology_reason",
            field=models.TextField(blank=True, verbose_name="reason for the delay"),
        ),
        migrations.RunPython(copy_reasons, migrations.RunPython.noop),
    ]
