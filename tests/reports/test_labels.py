"""Human labels on the report screens: industry sections by name in the filter, and the
样本过少 footnote only when a row is flagged."""

import pytest

from django.urls import reverse

from reports import statistics

pytestmark = pytest.mark.django_db


def test_industry_filter_offers_section_names(client, ds, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("reports:breakdowns") + f"?campaign={ds.campaign.pk}").content.decode()
    assert '<option value="C">C 制造业</option>' in page and '<option value="A">A 农、林、牧、渔业</option>' in page


def test_small_sample_footnote_only_when_a_row_is_flagged(client, ds, officer_yaodu, monkeypatch):
    client.force_login(officer_yaodu)  # sees 尧渡镇 only: 4 responses
    url = reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}"
    assert "data-too-small-note" in client.get(url).content.decode()
    monkeypatch.setattr(statistics, "MIN_RESPONSES", 4)
    assert "data-too-small-note" not in client.get(url).content.decode()
