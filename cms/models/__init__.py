"""Page types, estimator data and the search index of the public site."""

from .estimator import Industry, RiskClass
from .pages import FAQPage, HomePage, StandardPage
from .policy import PolicyArticlePage, PolicyArticleTag, PolicyIndexPage
from .publicity import Poster, PublicityEvent, PublicityMonthPage
from .search import SearchablePageMixin, SearchDocument

__all__ = [
    "FAQPage", "HomePage", "Industry", "PolicyArticlePage", "PolicyArticleTag", "PolicyIndexPage", "Poster",
    "PublicityEvent", "PublicityMonthPage", "RiskClass", "SearchDocument", "SearchablePageMixin", "StandardPage",
]
