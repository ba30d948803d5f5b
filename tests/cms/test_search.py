"""Chinese search: jieba-segmented tokens, the same on SQLite and PostgreSQL."""

import pytest

from cms.search import index_tokens, query_terms, search

EXPECTED = {
    "工伤": {"injury-determination", "what-injury-insurance-covers", "contribution-rates", "who-must-insure"},
    "参保": {"how-to-register", "dongzhi-2023-plan", "small-micro-new"},
    "小微企业": {"how-to-register", "dongzhi-2023-plan"},
    "工伤认定": {"injury-determination", "dongzhi-2023-plan"},
}


@pytest.mark.parametrize("word", sorted(EXPECTED))
def test_search_finds_the_articles_containing_a_word(articles, word):
    slugs = {hit.page.slug for hit in search(word)}
    assert EXPECTED[word] <= slugs


def test_search_ranks_the_article_about_the_subject_first(articles):
    assert search("工伤认定")[0].page.slug == "injury-determination"
    assert search("缴费基数")  # a domain word kept whole by the segmenter
    assert search("怎么申请工伤认定")[0].page.slug == "injury-determination"


def test_search_finds_nothing_for_an_absent_word(articles):
    assert search("区块链") == []
    assert search("火锅") == []
    assert search("   ") == []


def test_segmentation_keeps_domain_words_and_their_parts():
    tokens = index_tokens("小微企业应当在30日内申请工伤认定")
    for token in ("小微企业", "企业", "工伤认定", "工伤", "认定"):
        assert f" {token} " in tokens
    assert query_terms("请问工伤认定的时限") == ["工伤认定", "时限"]


def test_unpublished_article_drops_out_of_search(articles):
    article = next(hit.page for hit in search("工伤认定") if hit.page.slug == "injury-determination")
    article.specific.unpublish()
    assert "injury-determination" not in {hit.page.slug for hit in search("工伤认定")}


def test_search_page_highlights_matches(client, articles):
    response = client.get("/search/", {"q": "工伤认定"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>工伤认定</mark>" in html
    assert html.index("发生工伤后如何申请") < html.index("东至县加快推进")


def test_search_page_escapes_the_query_and_says_nothing_found(client, articles):
    response = client.get("/search/", {"q": "<script>区块链</script>"})
    html = response.content.decode()
    assert "<script>区块链" not in html
    assert "没有找到相关内容" in html


def test_rebuild_command_restores_a_lost_index(articles):
    from io import StringIO

    from django.core.management import call_command

    from cms.models import SearchDocument

    SearchDocument.objects.all().delete()
    assert search("工伤认定") == []
    out = StringIO()
    call_command("rebuild_cms_search", stdout=out)
    from cms.demo_articles import ARTICLES

    assert f"indexed {len(ARTICLES) + 1} pages" in out.getvalue()  # the articles and the FAQ page
    assert search("工伤认定")[0].page.slug == "injury-determination"
