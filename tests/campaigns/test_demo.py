import datetime
import io

from django.utils import timezone

from campaigns import demo
from campaigns.models import Campaign, Channel, Enterprise, PosterBundle, SizeClass, TownshipTarget
from campaigns.uscc import check_uscc


def snapshot():
    return (
        list(Enterprise.objects.order_by("uscc").values_list("uscc", "name", "township_id", "size_class", "insured")),
        list(Channel.objects.order_by("pk").values_list("code", "township_id", "kind")),
        TownshipTarget.objects.count(), Campaign.objects.count(), PosterBundle.objects.count(),
    )


def test_demo_firms_campaign_and_channels_are_plausible_and_idempotent(db):
    out = io.StringIO()
    demo.load_reference_data(out, 2024)
    demo.load(out, 2024)
    firms = Enterprise.objects.all()
    assert firms.count() == demo.DEMO_FIRMS
    assert all(check_uscc(code).valid for code in firms.values_list("uscc", flat=True))
    assert firms.values("township").distinct().count() == 17
    small = firms.filter(size_class__in=[SizeClass.SMALL, SizeClass.MICRO]).count() / demo.DEMO_FIRMS
    assert 0.55 <= small <= 0.65
    assert firms.filter(size_class=SizeClass.LARGE).exists() and firms.filter(size_class=SizeClass.UNDETERMINED).exists()
    uninsured_small = firms.filter(size_class__in=[SizeClass.SMALL, SizeClass.MICRO], insured=False).count()
    assert 0.5 * small * demo.DEMO_FIRMS <= uninsured_small < small * demo.DEMO_FIRMS
    campaign = Campaign.objects.get()
    today = timezone.localdate()
    # A current campaign: begun a couple of months ago, deadline the coming 30 June.
    assert campaign == demo.demo_campaign() and campaign.name == f"{campaign.deadline.year}年{demo.CAMPAIGN_SUFFIX}"
    assert campaign.deadline == demo.next_deadline(today) and (campaign.deadline.month, campaign.deadline.day) == (6, 30)
    assert 0 <= (campaign.deadline - today).days < 366
    assert 30 <= (today - campaign.starts_on).days <= 95
    assert campaign.starts_on < campaign.publicity_starts_on <= campaign.publicity_ends_on < today
    assert campaign.survey is None
    # A channel of every printed kind per township, and the county-wide website and SMS channels.
    assert Channel.objects.filter(township__isnull=False).count() == 17 * len(demo.CHANNEL_LABELS)
    assert set(Channel.objects.filter(township__isnull=True).values_list("kind", flat=True)) == {"website", "sms"}
    assert TownshipTarget.objects.count() == 17
    bundle = PosterBundle.objects.get()
    assert bundle.status == PosterBundle.Status.DONE and bundle.file.size > 0

    before = snapshot()
    demo.load(out, 2024)
    assert snapshot() == before


def test_a_campaign_past_its_deadline_is_followed_by_a_current_one(db):
    out = io.StringIO()
    demo.load_reference_data(out, 2024)
    old = Campaign.objects.create(name=f"2024年{demo.CAMPAIGN_SUFFIX}", starts_on=datetime.date(2024, 3, 1),
                                  ends_on=datetime.date(2024, 12, 31), deadline=datetime.date(2024, 6, 30))
    demo.load(out, 2024)
    current = demo.demo_campaign()
    assert current != old and current.deadline == demo.next_deadline(timezone.localdate())
    assert Channel.objects.filter(campaign=old).count() == 0 and Channel.objects.filter(campaign=current).exists()
