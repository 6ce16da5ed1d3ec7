"""Today's repair diagnosis questions as data, so a fresh install asks them and housing
officers can change them in the admin."""

from django.db import migrations

NAMES = ("RepairArea", "RepairProblem", "RepairTradeRule", "RepairQuestion", "RepairChoice")


def seed(apps, schema_editor):
    from services.housing.diagnosis import diagnosis_seed

    diagnosis_seed({name: apps.get_model("housing", name) for name in NAMES})


def unseed(apps, schema_editor):
    apps.get_model("housing", "RepairArea").objects.all().delete()
    apps.get_model("housing", "RepairProblem").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("housing", "0002_repair_diagnosis")]

    operations = [migrations.RunPython(seed, unseed)]
