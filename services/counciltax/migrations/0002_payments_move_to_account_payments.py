"""Council tax payments move to the shared account payments (pay.AccountPayment), keeping
their ids: a payment's purpose ("counciltax:<id>") and an outbox message in flight still
find their record."""

from django.core.management.color import no_style
from django.db import migrations


def copy_payments(apps, schema_editor):
    old = apps.get_model("counciltax", "CouncilTaxPayment")
    new = apps.get_model("pay", "AccountPayment")
    new.objects.bulk_create(
        new(
            pk=p.pk,
            service="council-tax",
            user_id=p.user_id,
            account_number=p.account_number,
            what=p.what,
            amount_pence=p.amount_pence,
            state=p.state,
            payment_id=p.payment_id,
            back_office_reference=p.revenues_reference,
            created_at=p.created_at,
            paid_at=p.paid_at,
            received_at=p.received_at,
        )
        for p in old.objects.all()
    )
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [new]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("counciltax", "0001_payments_pins_reminders"),
        ("pay", "0004_account_payment"),
    ]

    operations = [
        migrations.RunPython(copy_payments, migrations.RunPython.noop),
        migrations.DeleteModel(name="CouncilTaxPayment"),
    ]
