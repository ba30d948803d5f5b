"""The site's and the bureau's names on every public page (and the error pages) are the
deployment's settings, not one county's constants; the shipped defaults are translated."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_city_deployment_shows_its_own_names(client, settings):
    settings.CANBAO_SITE_NAME = "南阳市工伤保险参保宣传"
    settings.CANBAO_BUREAU_NAME = "南阳市人力资源和社会保障局"
    for url, status in (("/estimate/", 200), ("/search/?q=工伤", 200), ("/no-such-page/", 404)):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == status
        assert "南阳市工伤保险参保宣传</a>" in html and "南阳市人力资源和社会保障局" in html, url
        assert "· 南阳市工伤保险参保宣传</title>" in html and "东至" not in html, url


def test_the_default_names_follow_the_visitors_language(client):
    chinese = client.get("/estimate/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "东至县工伤保险参保宣传</a>" in chinese and "东至县人力资源和社会保障局" in chinese
    english = client.get("/estimate/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Dongzhi County work-injury insurance campaign</a>" in english
    assert "Dongzhi County Human Resources and Social Security Bureau" in english and "东至" not in english


def test_the_home_page_links_the_campaign_its_editors_chose(client, home):
    """Two campaigns start the same day (a site serving two regions): the survey button
    follows the home page's 首页活动, whatever the campaigns' order; unset, the newest."""
    import datetime

    from campaigns.models import Campaign, Channel

    day = datetime.date(2026, 10, 1)
    ours, theirs = (Campaign.objects.create(name=name, starts_on=day, ends_on=day + datetime.timedelta(days=270))
                    for name in ("东至县行动", "南阳市行动"))
    mine = Channel.objects.create(campaign=ours, kind=Channel.Kind.WEBSITE)
    other = Channel.objects.create(campaign=theirs, kind=Channel.Kind.WEBSITE)
    assert f"/q/{other.code}" in client.get("/").content.decode()  # unset: the newest campaign
    home.campaign = ours
    home.save_revision().publish()
    page = client.get("/").content.decode()
    assert f"/q/{mine.code}" in page and f"/q/{other.code}" not in page and "东至县行动" in page
