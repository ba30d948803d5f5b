"""Seed the eight risk classes and the example industries from cms/data/injury_rate_classes.csv
(人社部发〔2015〕71号). Staff edit them afterwards in the admin."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "injury_rate_classes.csv"


def seed(apps, schema_editor):
    RiskClass = apps.get_model("cms", "RiskClass")
    Industry = apps.get_model("cms", "Industry")
    order = 0
    with CSV_PATH.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            risk_class, _ = RiskClass.objects.get_or_create(
                number=int(row["risk_class"]),
                defaults={"base_rate_percent": Decimal(row["base_rate_percent"])},
            )
            for name in (n.strip() for n in row["example_industries"].split(";")):
                if name:
                    order += 10
                    Industry.objects.get_or_create(name=name, defaults={"risk_class": risk_class, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_pages_estimator_search")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
