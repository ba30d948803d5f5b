"""A campaign of a region that is not the deployment's own (a 南阳市 campaign on the 东至县
site) heads its survey and result pages with that region's names, never the deployment's;
the deployment's own campaigns keep the configured names."""

import pytest

from django.core.cache import cache
from django.test import Client

from regions.models import Region

from .conftest import form_token, open_form, valid_answers
from .test_next_steps import answer

pytestmark = pytest.mark.django_db

DONGZHI_SITE, DONGZHI_BUREAU = "东至县工伤保险参保宣传", "东至县人力资源和社会保障局"


def _region(code: str, name: str, level: str) -> Region:
    return Region.objects.get_or_create(code=code, defaults={"name": name, "level": level})[0]


@pytest.mark.parametrize("cold", [False, True], ids=["cached", "from-database"])
def test_another_regions_campaign_carries_its_own_names(client, channel, survey, cold):
    channel.campaign.region = _region("411300000000", "南阳市", "city")
    channel.campaign.save()
    cache.clear()
    form = client.get(f"/q/{channel.code}").content.decode()
    result_url = answer(client, channel, survey, "no")
    if cold:
        cache.clear()  # the result page rebuilt from the database
    result = client.get(result_url).content.decode()
    for page in (form, result):
        assert "南阳市工伤保险参保宣传</a>" in page and "南阳市人力资源和社会保障局" in page
        assert DONGZHI_SITE not in page and DONGZHI_BUREAU not in page
    english = client.get(result_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Human Resources and Social Security Bureau" in english and "Dongzhi" not in english


def test_the_deployments_own_campaign_keeps_the_configured_names(client, channel, survey):
    channel.campaign.region = _region("341721000000", "东至县", "county")
    channel.campaign.save()
    cache.clear()
    form = client.get(f"/q/{channel.code}").content.decode()
    result = client.get(answer(client, channel, survey, "no")).content.decode()
    for page in (form, result):
        assert f"{DONGZHI_SITE}</a>" in page and DONGZHI_BUREAU in page


def test_the_same_campaigns_other_pages_carry_its_names_too(client, channel, survey):
    """The already-answered page and the paused channel's notice of a 南阳市 campaign."""
    channel.campaign.region = _region("411300000000", "南阳市", "city")
    channel.campaign.save()
    cache.clear()
    answer(client, channel, survey, "no")
    other = Client()
    duplicate = other.post(f"/s/{channel.code}/", valid_answers(survey) | {"form_token": form_token(open_form(other, channel))})
    channel.is_active = False
    channel.save()
    paused = Client().get(f"/q/{channel.code}")
    assert (duplicate.status_code, paused.status_code) == (409, 410)
    for page in (duplicate.content.decode(), paused.content.decode()):
        assert "南阳市人力资源和社会保障局" in page and DONGZHI_BUREAU not in page
