from django.db import migrations


def load(apps, schema_editor):
    from campaigns.townships import load_townships

    load_townships(apps.get_model("campaigns", "Township"))


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
