"""The township picker of a channel without a township lists only the townships of the
region it serves (its own region, else its campaign's; every township when neither has
one), grouped by county when there are several; a township outside is refused in Chinese
with the answers kept; the list follows edits (campaigns.signals)."""

import pytest

from campaigns.models import Channel, Township
from regions.tree import load_reference_regions
from surveys.models import Response

from .conftest import form_token, open_form, valid_answers

FANGCHENG, TANGHE = "411322000000", "411328000000"


@pytest.fixture
def city(campaign, townships):
    made = load_reference_regions(codes={FANGCHENG, TANGHE})
    campaign.region = made["411300000000"]
    campaign.save()
    return {
        "region": made["411300000000"], "fc": made[FANGCHENG], "th": made[TANGHE],
        "fc_town": Township.objects.create(code="411322100000", name="券桥镇", kind="town"),
        "th_town": Township.objects.create(code="411328100000", name="桐寨铺镇", kind="town"),
    }


def post(client, channel, survey, **extra):
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))} | extra
    return client.post(f"/s/{channel.code}/", data)


def test_county_channel_lists_its_county_only(client, campaign, city, townships):
    channel = Channel.objects.create(campaign=campaign, region=city["fc"], kind=Channel.Kind.WEBSITE)
    html = open_form(client, channel)
    assert f'<option value="{city["fc_town"].pk}">券桥镇</option>' in html
    assert "桐寨铺镇" not in html and "尧渡镇" not in html and "<optgroup" not in html


def test_city_channel_groups_by_county(client, campaign, city, townships):
    channel = Channel.objects.create(campaign=campaign, kind=Channel.Kind.WECHAT)
    html = open_form(client, channel)
    assert '<optgroup label="方城县">' in html and '<optgroup label="唐河县">' in html
    assert html.index("方城县") < html.index("券桥镇") < html.index("唐河县") < html.index("桐寨铺镇")
    assert "尧渡镇" not in html


def test_deployment_channel_lists_every_township(client, campaign, city, townships):
    campaign.region = None
    campaign.save()  # forgets the campaign's channels (campaigns.signals)
    channel = Channel.objects.create(campaign=campaign, kind=Channel.Kind.WEBSITE)
    html = open_form(client, channel)
    assert "券桥镇" in html and "桐寨铺镇" in html and "尧渡镇" in html and '<optgroup label="东至县">' in html


def test_township_outside_the_channel_region_is_refused_and_answers_kept(client, survey, campaign, city):
    channel = Channel.objects.create(campaign=campaign, region=city["fc"], kind=Channel.Kind.WEBSITE)
    response = post(client, channel, survey, township=str(city["th_town"].pk), enterprise_name="方城县某商贸公司")
    page = response.content.decode()
    assert response.status_code == 400 and "所选乡镇不在本次调查的范围内" in page
    assert 'value="方城县某商贸公司"' in page and not Response.objects.exists()
    response = post(client, channel, survey, township=str(city["fc_town"].pk))
    assert response.status_code == 302
    assert Response.objects.get().township == city["fc_town"]


def test_picker_follows_a_change_of_the_channel_region_and_new_townships(client, campaign, city):
    channel = Channel.objects.create(campaign=campaign, region=city["fc"], kind=Channel.Kind.WEBSITE)
    assert "桐寨铺镇" not in open_form(client, channel)
    channel.region = city["th"]
    channel.save()
    html = open_form(client, channel)
    assert "桐寨铺镇" in html and "券桥镇" not in html
    Township.objects.create(code="411328101000", name="毕店镇", kind="town")
    assert "毕店镇" in open_form(client, channel)
