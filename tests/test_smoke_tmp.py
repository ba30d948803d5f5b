def test_home(client, townships):
    from cms.demo import ensure_home_page
    ensure_home_page()
    r = client.get("/")
    assert r.status_code == 200
    assert b'<html lang="zh-hans">' in r.content
