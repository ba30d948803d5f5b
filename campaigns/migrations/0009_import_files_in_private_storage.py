"""Uploaded registry files move from MEDIA_ROOT (served to anyone) to the private storage,
under random names."""

import re

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations, models

import core.private_files

_RANDOM = re.compile(r"^imports/[0-9a-f]{32}(\.[a-z0-9]{1,8})?$")


def move_public_import_files(apps, schema_editor):
    """Each batch whose file still lies in the public storage is copied to the private one
    under a random name and the public copy deleted; a missing file leaves the field empty."""
    ImportBatch = apps.get_model("campaigns", "ImportBatch")
    public = storages["default"]
    private = core.private_files.private_storage()
    for batch in ImportBatch.objects.exclude(file=""):
        name = batch.file.name
        if _RANDOM.match(name) and private.exists(name):
            continue
        new_name = ""
        if public.exists(name):
            with public.open(name, "rb") as fh:
                new_name = private.save(core.private_files.random_name("imports", batch.original_name or name),
                                        ContentFile(fh.read()))
            public.delete(name)
        ImportBatch.objects.filter(pk=batch.pk).update(file=new_name)


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0008_county_wide_channels'),
    ]

    operations = [
        migrations.AlterField(
            model_name='importbatch',
            name='file',
            field=models.FileField(blank=True, max_length=200, storage=core.private_files.private_storage, upload_to=core.private_files.import_upload_to, verbose_name='文件'),
        ),
        migrations.RunPython(move_public_import_files, migrations.RunPython.noop),
    ]
