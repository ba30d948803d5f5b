"""The data migrations leave a fresh database ready: townships and role groups."""

import pytest

from django.contrib.auth.models import Group

from accounts import roles
from campaigns.models import Township

pytestmark = pytest.mark.django_db


def test_townships_are_loaded_by_migration():
    assert Township.objects.count() == 17
    yaodu = Township.objects.get(code="341721100")
    assert (yaodu.name, yaodu.kind) == ("尧渡镇", Township.Kind.TOWN)
    assert Township.objects.filter(kind=Township.Kind.DEVELOPMENT_ZONE).count() == 2


def test_role_groups_are_created_with_permissions_by_migrate():
    groups = {g.name: g for g in Group.objects.all()}
    assert set(roles.ROLES) <= set(groups)
    assert "Moderators" not in groups
    assert groups[roles.EDITOR].permissions.filter(codename="access_admin").exists()
    assert groups[roles.OFFICER].permissions.filter(codename="access_admin").exists()
    assert groups[roles.ADMINISTRATOR].permissions.count() > 100
