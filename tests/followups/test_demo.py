"""load_demo imports two monthly insured lists and logs follow-ups; twice changes nothing."""

import io
import re

import pytest

from django.core.management import call_command
from django.urls import reverse

from campaigns.demo import demo_campaign
from campaigns.models import ImportBatch, InsuredChange
from followups.models import FollowUp

pytestmark = pytest.mark.django_db


def test_demo_outcomes_show_something_real(client, reviewer):
    call_command("load_demo", stdout=io.StringIO())
    campaign = demo_campaign()
    lists = ImportBatch.objects.filter(kind=ImportBatch.Kind.INSURED, status=ImportBatch.Status.APPLIED)
    assert lists.count() == 2 and all(b.list_date >= campaign.starts_on for b in lists)
    assert InsuredChange.objects.filter(effective_on__gte=campaign.starts_on).count() >= 20
    assert FollowUp.objects.filter(campaign=campaign).count() >= 50
    client.force_login(reviewer)
    page = client.get(reverse("followups:outcomes"), {"campaign": campaign.pk}).content.decode()
    joined = int(re.search(r"活动以来新参保 (\d+)", page).group(1))
    assert joined == InsuredChange.objects.filter(effective_on__gte=campaign.starts_on).count()

    before = (InsuredChange.objects.count(), FollowUp.objects.count(), ImportBatch.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (InsuredChange.objects.count(), FollowUp.objects.count(), ImportBatch.objects.count()) == before
