"""load_demo imports two monthly insured lists and logs follow-ups per demo campaign (东至县's,
南阳市's); twice changes nothing."""

import io
import re

import pytest

from django.core.management import call_command
from django.urls import reverse

from campaigns.demo import demo_campaign
from campaigns.demo_city import city_campaign
from campaigns.models import ImportBatch, InsuredChange
from followups.models import FollowUp

pytestmark = pytest.mark.django_db


def test_demo_outcomes_show_something_real(client, reviewer):
    call_command("load_demo", stdout=io.StringIO())
    campaign = demo_campaign()
    lists = ImportBatch.objects.filter(kind=ImportBatch.Kind.INSURED, status=ImportBatch.Status.APPLIED)
    assert lists.count() == 4 and all(b.list_date >= campaign.starts_on for b in lists)  # 东至县's and 南阳市's
    assert lists.filter(original_name__startswith="南阳市").count() == 2
    joined = InsuredChange.objects.filter(effective_on__gte=campaign.starts_on)
    assert joined.filter(enterprise__township__county=campaign.region).count() >= 20
    assert joined.filter(enterprise__township__county__parent__name="南阳市").count() >= 20
    assert FollowUp.objects.filter(campaign=campaign).count() >= 50
    assert FollowUp.objects.filter(campaign=city_campaign()).count() >= 50
    assert not FollowUp.objects.filter(campaign=city_campaign(), enterprise__township__county=campaign.region).exists()
    client.force_login(reviewer)
    page = client.get(reverse("followups:outcomes"), {"campaign": campaign.pk}).content.decode()
    shown = int(re.search(r"活动以来新参保 (\d+)", page).group(1))
    assert shown == joined.filter(enterprise__township__county=campaign.region).count()

    before = (InsuredChange.objects.count(), FollowUp.objects.count(), ImportBatch.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (InsuredChange.objects.count(), FollowUp.objects.count(), ImportBatch.objects.count()) == before
