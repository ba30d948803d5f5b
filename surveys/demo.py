"""Demo data for surveys: the awareness survey on the demo campaign, its knowledge
questions linked to the policy articles, and a county in the middle of the campaign
(surveys.demo_county)."""

from __future__ import annotations

from campaigns.demo import demo_campaign
from campaigns.models import Channel

from .awareness import AWARENESS_TITLE, build_awareness_survey
from .demo_county import TOKEN_PREFIX, generate_responses
from .models import Question, Response, Survey

__all__ = ["TOKEN_PREFIX", "build_awareness_survey", "generate_responses", "load", "load_city", "link_policy_pages"]


def load(stdout, seed: int) -> None:
    """The awareness survey, and the demo county's responses."""
    survey = Survey.objects.filter(title=AWARENESS_TITLE, previous_version__isnull=True).first()
    if survey is None:
        survey = build_awareness_survey()
        stdout.write(f"surveys: created the awareness survey ({survey.questions.count()} questions)")
    link_policy_pages(survey)
    _responses(stdout, demo_campaign(), survey, seed)


def load_city(stdout, seed: int) -> None:
    """南阳市's responses (after 东至县's, from a seed of their own): the townships of the
    counties in campaigns.demo_city.BEHIND late, the others on track."""
    from campaigns.demo_city import BEHIND, city_campaign

    campaign = city_campaign()
    survey = None
    if campaign is not None and campaign.survey_id is None:
        # The city's own survey: a 南阳市 firm is not asked about 东至县.
        title = f"{campaign.region.name}小微企业工伤保险政策知晓度调查"
        survey = Survey.objects.filter(title=title, previous_version__isnull=True).first() or build_awareness_survey(title)
        link_policy_pages(survey, CITY_FACT_ARTICLES)
    late = set(Channel.objects.filter(campaign=campaign, township__county__name__in=BEHIND)
               .values_list("township_id", flat=True)) if campaign else set()
    _responses(stdout, campaign, survey, seed + 411300, late)


def _responses(stdout, campaign, survey, seed: int, late: set[int] | None = None) -> None:
    if campaign is None:
        stdout.write("surveys: no demo campaign yet, responses skipped")
        return
    if campaign.survey_id is None:
        campaign.survey = survey
        campaign.save(update_fields=["survey"])
    survey = campaign.survey
    # Township channels only: county-wide ones (website, SMS) have no township to spread answers over.
    channels = list(Channel.objects.filter(campaign=campaign, township__isnull=False).select_related("township")
                    .order_by("id"))
    if not channels:
        stdout.write("surveys: the campaign has no channels yet, responses skipped")
        return
    if Response.objects.filter(channel__campaign=campaign, form_token__startswith=TOKEN_PREFIX).exists():
        stdout.write("surveys: demo responses already present")
        return
    count = generate_responses(survey, campaign, channels, seed, late)
    stdout.write(f"surveys: {count} demo responses ({campaign.name})")


# Which demo policy article (cms.demo, by slug) explains each fact.
FACT_ARTICLES = {
    "F01": "who-must-insure", "F02": "contribution-rates", "F03": "contribution-rates", "F04": "who-must-insure",
    "F05": "what-injury-insurance-covers", "F06": "what-injury-insurance-covers", "F07": "injury-determination",
    "F08": "injury-determination", "F09": "injury-determination", "F10": "injury-determination",
    "F11": "what-injury-insurance-covers", "F12": "what-injury-insurance-covers", "F13": "how-to-register",
    "F14": "contribution-rates", "F15": "what-injury-insurance-covers",
}


# Where 南阳市's own guide replaces 东至县's (how to register is local; the law is not).
CITY_FACT_ARTICLES = {"F13": "nanyang-how-to-register"}


def link_policy_pages(survey: Survey, local: dict[str, str] | None = None) -> None:
    """Point knowledge questions at the demo policy articles, where those exist; ``local``
    names the region's own article for a fact, in place of the county's."""
    from wagtail.models import Page

    articles = FACT_ARTICLES | (local or {})
    pages = {p.slug: p for p in Page.objects.filter(slug__in=set(articles.values()), live=True)}
    changed = False
    for question in Question.objects.filter(survey=survey, policy_page__isnull=True).exclude(fact_code=""):
        page = pages.get(articles.get(question.fact_code, ""))
        if page is not None:
            question.policy_page = page
            question.save(update_fields=["policy_page"])
            changed = True
    if changed:
        survey.save(update_fields=["updated_at"])
