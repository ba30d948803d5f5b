import pytest

from cms.demo import ensure_home_page


@pytest.mark.django_db
def test_home_page_is_chinese_by_default(client):
    ensure_home_page()
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()


@pytest.mark.django_db
def test_english_is_available(client):
    ensure_home_page()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()
