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
