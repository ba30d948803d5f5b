"""Fixtures for the CMS tests: the demo pages built by the same code load_demo runs."""

import io

import pytest

from cms import demo
from cms.demo_articles import ARTICLES


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return demo.ensure_home_page()


@pytest.fixture
def articles(home):
    """The policy index with every demo article, published (and so indexed for search)."""
    index = demo.ensure_policy_index(home)
    for spec in ARTICLES:
        demo.ensure_article(index, spec)
    demo.ensure_faq_page(home)
    return index


@pytest.fixture
def publicity_month(home, townships):
    return demo.ensure_publicity_month(home)


@pytest.fixture
def full_demo(db, townships):
    out = io.StringIO()
    demo.load(out, seed=1)
    return out.getvalue()
