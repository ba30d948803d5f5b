from django.db import migrations

ROLES = ("宣传编辑", "审核人", "乡镇专干", "管理员")


def create_role_groups(apps, schema_editor):
    # Permissions are attached by accounts.roles.sync_role_permissions after every
    # migrate (post_migrate), once every app's permissions exist.
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
