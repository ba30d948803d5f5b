"""The data migrations leave a fresh database ready: role groups, and no region of any one
county (a deployment imports its own list, or `load_demo` loads the demo's)."""

import pytest

from django.contrib.auth.models import Group

from accounts import roles
from campaigns.models import Township
from regions.models import Region

pytestmark = pytest.mark.django_db


def test_a_fresh_database_holds_no_county_of_its_own():
    assert Township.objects.count() == 0
    assert Region.objects.count() == 0


def test_role_groups_are_created_with_permissions_by_migrate():
    groups = {g.name: g for g in Group.objects.all()}
    assert set(roles.ROLES) <= set(groups)
    assert "Moderators" not in groups
    assert groups[roles.EDITOR].permissions.filter(codename="access_admin").exists()
    assert groups[roles.OFFICER].permissions.filter(codename="access_admin").exists()
    assert groups[roles.ADMINISTRATOR].permissions.count() > 100
