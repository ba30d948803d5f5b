"""Chinese full-text search: jieba segments page text into a token column that is
matched with plain LIKE queries, so it behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

import jieba

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wagtail.models import Page

from .models import SearchablePageMixin, SearchDocument

# Domain terms jieba's general dictionary splits or misses.
DOMAIN_WORDS = [
    "工伤保险", "工伤认定", "小微企业", "参保", "参保登记", "工伤保险费", "工伤保险基金", "劳动能力鉴定",
    "用人单位", "社会保险", "社会保险法", "工伤保险条例", "缴费基数", "工资总额", "行业风险类别", "基准费率",
    "浮动费率", "一次性伤残补助金", "一次性工亡补助金", "停工留薪期", "新就业形态", "职业病", "个体工商户",
    "统一社会信用代码", "宣传月", "知晓度", "人社局", "经开区", "上下班途中",
]
STOP_WORDS = set("的 了 和 与 及 或 在 是 有 为 对 把 被 就 也 都 而 之 于 以 等 着 吗 呢 啊 吧 怎么 如何 什么 哪些 哪里 我 你 他 我们 请问".split())
_TOKEN_RE = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
_ready = False


def _jieba():
    global _ready
    if not _ready:
        jieba.setLogLevel(logging.WARNING)
        for word in DOMAIN_WORDS:
            jieba.add_word(word, freq=200000)
        _ready = True
    return jieba


def index_tokens(text: str) -> str:
    """Every search token of a text (fine and coarse words), as ` tok tok ... `."""
    tokens = {t.strip().lower() for t in _jieba().cut_for_search(text)}
    kept = sorted(t for t in tokens if t and _TOKEN_RE.search(t) and t not in STOP_WORDS)
    return " " + " ".join(kept) + " "


def query_terms(query: str) -> list[str]:
    """The words of a search query, segmented precisely, without stop words."""
    terms: list[str] = []
    for token in _jieba().cut(query.strip()[:100]):
        token = token.strip().lower()
        if token and _TOKEN_RE.search(token) and token not in STOP_WORDS and token not in terms:
            terms.append(token)
    return terms[:10]


def index_page(page: Page) -> None:
    """Store (or drop) the searchable text of a page according to whether it is live."""
    page = page.specific
    if not page.live or not isinstance(page, SearchablePageMixin):
        SearchDocument.objects.filter(page_id=page.pk).delete()
        return
    text = page.search_plain_text()
    SearchDocument.objects.update_or_create(
        page_id=page.pk,
        defaults={"title": page.title, "text": text, "tokens": index_tokens(page.title + "\n" + text)},
    )


def rebuild_index() -> int:
    """Index every live searchable page again; returns how many were indexed."""
    SearchDocument.objects.all().delete()
    count = 0
    for page in Page.objects.live().specific():
        if isinstance(page, SearchablePageMixin):
            index_page(page)
            count += 1
    return count


@dataclass
class SearchHit:
    page: Page
    title: SafeString
    snippet: SafeString
    score: float


def search(query: str, limit: int = 20) -> list[SearchHit]:
    """Live public pages containing every word of the query, best first, highlighted."""
    terms = query_terms(query)
    if not terms:
        return []
    public = Page.objects.live().public().values("pk")
    docs = SearchDocument.objects.filter(page__in=public)
    token_match = docs
    for term in terms:
        token_match = token_match.filter(tokens__contains=f" {term} ")
    candidates = list(token_match.select_related("page")[:200])
    if not candidates:
        # Segmentation can differ between a query and a page: fall back to substrings.
        substring_match = docs
        for term in terms:
            substring_match = substring_match.filter(Q(title__contains=term) | Q(text__contains=term))
        candidates = list(substring_match.select_related("page")[:200])
    hits = [
        SearchHit(page=doc.page, title=highlight(doc.title, terms), snippet=snippet(doc.text, terms),
                  score=_score(doc, terms))
        for doc in candidates
    ]
    hits.sort(key=lambda hit: (-hit.score, hit.page.title))
    return hits[:limit]


def _score(doc: SearchDocument, terms: list[str]) -> float:
    # Title hits weigh most; body frequency is damped by length so long pages don't win by size.
    title = sum(doc.title.lower().count(t) for t in terms)
    body = sum(doc.text.lower().count(t) for t in terms)
    return 10 * title + body / (1 + math.log1p(len(doc.text) / 500))


def _pattern(terms: list[str]) -> re.Pattern:
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in ordered), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape text and wrap every occurrence of a term in <mark>."""
    pattern = _pattern(terms)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def snippet(text: str, terms: list[str], width: int = 110) -> SafeString:
    """A window of text around the first matching term, highlighted."""
    flat = " ".join(text.split())
    match = _pattern(terms).search(flat)
    start = max(0, (match.start() if match else 0) - 30)
    window = flat[start:start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(flat) else ""
    return mark_safe(escape(prefix) + highlight(window, terms) + escape(suffix))  # noqa: S308
