"""`manage.py bench pages`: render time and query count of the home, article and
publicity-month pages through the Django test client, with the page cache cold and warm."""

from __future__ import annotations

import io
import statistics
import time

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .models import PolicyArticlePage, PublicityMonthPage


def _pages() -> dict[str, str]:
    if not PolicyArticlePage.objects.live().exists() or not PublicityMonthPage.objects.live().exists():
        from . import demo

        demo.load(io.StringIO(), seed=1)
    article = PolicyArticlePage.objects.live().get(slug="dongzhi-2023-plan")
    month = PublicityMonthPage.objects.live().order_by("-starts_on").first()
    return {"home": "/", "article": article.url, "publicity_month": month.url}


def _get(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def bench_pages(repeat: int = 50, **_options) -> dict:
    """Per page: cold query count and ms (empty cache), warm median ms over `repeat` requests."""
    client = Client()
    result: dict[str, dict] = {}
    for name, url in _pages().items():
        cold_ms, cold_queries = [], []
        for _ in range(max(3, repeat // 10)):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                cold_ms.append(_get(client, url))
            cold_queries.append(len(queries.captured_queries))
        _get(client, url)  # fill the cache
        with CaptureQueriesContext(connection) as queries:
            warm = [_get(client, url) for _ in range(repeat)]
        result[name] = {
            "url": url,
            "warm_median_ms": round(statistics.median(warm), 2),
            "warm_queries": len(queries.captured_queries) // repeat,
            "cold_median_ms": round(statistics.median(cold_ms), 2),
            "cold_queries": int(statistics.median(cold_queries)),
            "first_cold_queries": cold_queries[0],  # includes one-off image renditions on a new database
            "bytes": len(client.get(url).content),
        }
    return {"database": connection.vendor, "repeat": repeat, "pages": result,
            "goal": {"warm_median_ms": 10, "cold_queries": 25}}
