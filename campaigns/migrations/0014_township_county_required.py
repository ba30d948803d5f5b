import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0013_township_codes_to_regions")]
    operations = [
        migrations.AlterField(
            model_name="township",
            name="county",
            field=models.ForeignKey(
                limit_choices_to={"level": "county"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="townships",
                to="regions.region",
                verbose_name="所属县（市、区）",
            ),
        ),
    ]
