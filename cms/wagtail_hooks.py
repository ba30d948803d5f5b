"""Staff screens: the estimator's risk classes and industries as snippets."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Industry, RiskClass


class RiskClassViewSet(SnippetViewSet):
    model = RiskClass
    icon = "list-ol"
    list_display = ["number", "base_rate_percent", "note"]
    ordering = ["number"]


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "tag"
    list_display = ["name", "risk_class"]
    list_filter = ["risk_class"]
    search_fields = ["name"]


class EstimatorViewSetGroup(SnippetViewSetGroup):
    items = (RiskClassViewSet, IndustryViewSet)
    menu_label = _("缴费测算")
    menu_icon = "cogs"
    menu_name = "estimator"


register_snippet(EstimatorViewSetGroup)
