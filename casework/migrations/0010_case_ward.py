import django.db.models.deletion
from django.db import migrations, models


def wards_from_addresses(apps, schema_editor):
    """Existing cases take their address's ward; map-only cases need the boundaries:
    `manage.py fill_case_wards` after `import_ward_boundaries`."""
    Case = apps.get_model("casework", "Case")
    Address = apps.get_model("accounts", "Address")
    Case.objects.filter(ward__isnull=True, address__ward__isnull=False).update(
        ward=models.Subquery(
            Address.objects.filter(pk=models.OuterRef("address_id")).values("ward_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_ward_boundary"),
        ("casework", "0009_draft_visitor_owner"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="ward",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="accounts.ward",
            ),
        ),
        migrations.RunPython(wards_from_addresses, migrations.RunPython.noop, elidable=True),
    ]
