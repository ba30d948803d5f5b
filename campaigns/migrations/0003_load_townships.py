from django.db import migrations

# This migration once loaded one county's townships into every new database. Regions now
# come from the bureau's own list (the region import) or `load_demo`; a new deployment
# starts empty, whichever county or city it serves. Kept as a no-op for the history.


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_initial")]
    operations = []
