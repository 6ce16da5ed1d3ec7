"""Bulky collection days move onto the bookings core: each ``BulkySlot`` row becomes a
``bookings.Slot`` of the bulky collection calendar (area "ward-<id>", its capacity and
places booked kept), bookings point at it, and ``BulkySlot`` is a proxy of it."""

import django.db.models.deletion
from django.db import migrations, models

BULKY = "bulky-collection"


def slots_to_core(apps, schema_editor):
    OldSlot = apps.get_model("waste", "BulkySlotOld")
    Booking = apps.get_model("waste", "BulkyBooking")
    RequestType = apps.get_model("casework", "RequestType")
    Calendar = apps.get_model("bookings", "BookingCalendar")
    Slot = apps.get_model("bookings", "Slot")
    if not OldSlot.objects.exists():
        return
    request_type, _made = RequestType.objects.get_or_create(
        slug=BULKY,
        defaults={"service": "waste", "name": "Book a bulky waste collection", "fee_pence": 0},
    )
    calendar, _made = Calendar.objects.get_or_create(
        request_type=request_type,
        defaults={"capacity": 0, "weekdays": "0123456", "lead_working_days": 0},
    )
    new_ids = {}
    for old in OldSlot.objects.all().iterator():
        slot, _made = Slot.objects.get_or_create(
            calendar=calendar,
            date=old.date,
            area=f"ward-{old.ward_id}",
            period="",
            defaults={"capacity": old.capacity, "booked": old.booked},
        )
        new_ids[old.pk] = slot.pk
    for booking in Booking.objects.all().iterator():
        Booking.objects.filter(pk=booking.pk).update(core_slot_id=new_ids[booking.slot_id])


class Migration(migrations.Migration):
    dependencies = [
        ("waste", "0001_initial"),
        ("bookings", "0001_booking_calendars"),
        ("casework", "0008_case_appointment_on"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="bulkybooking", name="waste_bulky_state_6661a8_idx"),
        migrations.RenameModel(old_name="BulkySlot", new_name="BulkySlotOld"),
        migrations.CreateModel(
            name="BulkySlot",
            fields=[],
            options={"ordering": ["date"], "proxy": True, "indexes": [], "constraints": []},
            bases=("bookings.slot",),
        ),
        migrations.AddField(
            model_name="bulkybooking",
            name="core_slot",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="waste.bulkyslot",
            ),
        ),
        migrations.RunPython(slots_to_core, migrations.RunPython.noop),
        migrations.RemoveField(model_name="bulkybooking", name="slot"),
        migrations.RenameField(model_name="bulkybooking", old_name="core_slot", new_name="slot"),
        migrations.AlterField(
            model_name="bulkybooking",
            name="slot",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bulky_bookings",
                to="waste.bulkyslot",
            ),
        ),
        migrations.DeleteModel(name="BulkySlotOld"),
        migrations.AddIndex(
            model_name="bulkybooking",
            index=models.Index(fields=["state", "slot"], name="waste_bulky_state_6661a8_idx"),
        ),
    ]
