"""Where each target firm of a campaign stands: 未联系 / 已联系 / 已答卷 / 已参保.

The targets of a campaign are the registered small/micro firms that were uninsured when
it started: those still uninsured, and those an insured list shows joining on or after
the start (campaigns.InsuredChange). A firm's state is derived, never stored, strongest
first: insured since the start → 已参保; a current response to the campaign's survey →
已答卷; a follow-up logged since the start → 已联系; else 未联系.

Firms created by market regulation's monthly list of new registrations on or after the
start are targets like the others and are also marked `new_registration` (新登记), so the
work list can filter them and the outcome figures count them apart."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from campaigns.models import SMALL_OR_MICRO, Campaign, Enterprise, InsuredChange
from regions.tree import townships_under
from surveys.models import ConsultationRequest, Response

from .models import FollowUp

NOT_CONTACTED, CONTACTED, ANSWERED, INSURED = "not_contacted", "contacted", "answered", "insured"
STATE_LABELS = {NOT_CONTACTED: _("未联系"), CONTACTED: _("已联系"), ANSWERED: _("已答卷"), INSURED: _("已参保")}


def _joined_since(campaign: Campaign):
    return Exists(InsuredChange.objects.filter(
        enterprise=OuterRef("pk"), insured_from=False, insured_to=True, effective_on__gte=campaign.starts_on
    ))


def campaign_targets(campaign: Campaign, townships=None) -> QuerySet[Enterprise]:
    """The campaign's target firms (in `townships` if given, else in its region), each annotated with
    newly_insured, answered, contacted, open_consultation and state."""
    firms = Enterprise.objects.filter(size_class__in=SMALL_OR_MICRO).annotate(joined_since_start=_joined_since(campaign))
    firms = firms.filter(Q(insured=False) | Q(joined_since_start=True)).annotate(
        # Joined since the start and still insured (a lapse staff recorded undoes it).
        newly_insured=ExpressionWrapper(Q(insured=True, joined_since_start=True), output_field=BooleanField()),
    )
    if townships is None and campaign.region_id:
        townships = townships_under(campaign.region)  # the campaign's region, not the whole deployment
    if townships is not None:
        firms = firms.filter(township__in=townships)
    answered = Response.objects.filter(enterprise=OuterRef("pk"), status=Response.Status.CURRENT)
    answered = answered.filter(survey_id=campaign.survey_id) if campaign.survey_id else answered.none()
    contacted = FollowUp.objects.filter(enterprise=OuterRef("pk"), contacted_on__gte=campaign.starts_on)
    consultation = ConsultationRequest.objects.filter(
        response__enterprise=OuterRef("pk"), status=ConsultationRequest.Status.OPEN
    )
    return firms.annotate(
        answered=Exists(answered), contacted=Exists(contacted), open_consultation=Exists(consultation),
        new_registration=Case(When(new_registration_on__gte=campaign.starts_on, then=Value(True)),
                              default=Value(False), output_field=BooleanField()),
    ).annotate(state=Case(
        When(newly_insured=True, then=Value(INSURED)),
        When(answered=True, then=Value(ANSWERED)),
        When(contacted=True, then=Value(CONTACTED)),
        default=Value(NOT_CONTACTED),
    )).select_related("township")


def filter_targets(firms: QuerySet[Enterprise], params) -> QuerySet[Enterprise]:
    """The work list's filters from a query dict: state, township, consultation, 新登记
    (new=1), search by name or credit code."""
    state = params.get("state", "")
    if state in STATE_LABELS:
        firms = firms.filter(state=state)
    township = params.get("township", "")
    if township.isdigit():
        firms = firms.filter(township_id=int(township))
    if params.get("consultation") == "open":
        firms = firms.filter(open_consultation=True)
    if params.get("new") == "1":
        firms = firms.filter(new_registration=True)
    q = params.get("q", "").strip()[:50]
    if q:
        firms = firms.filter(Q(name__icontains=q) | Q(uscc__icontains=q.upper()))
    return firms.order_by("township__code", "name")


def firm_state(campaign: Campaign, firm: Enterprise) -> str | None:
    """The state of one firm, or None when it is not a target of the campaign."""
    return campaign_targets(campaign).filter(pk=firm.pk).values_list("state", flat=True).first()
