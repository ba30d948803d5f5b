"""Staff lists of firms and channels show booleans as 是/否, never Python's True/False."""

import re

import pytest

from django.urls import reverse

from campaigns.models import Enterprise

pytestmark = pytest.mark.django_db


def test_enterprise_and_channel_lists_say_yes_or_no(client, administrator, townships):
    Enterprise.objects.create(name="参保企业", uscc="91341721MA2N000001", township=townships["尧渡镇"], insured=True)
    client.force_login(administrator)
    for name in ("canbao_enterprises:index", "canbao_channels:index"):
        page = client.get(reverse(name)).content.decode()
        cells = re.findall(r"<td[^>]*>\s*(True|False)\s*</td>", page)
        assert cells == [], name
    page = client.get(reverse("canbao_enterprises:index")).content.decode()
    assert re.search(r"<td[^>]*>\s*是\s*</td>", page)
