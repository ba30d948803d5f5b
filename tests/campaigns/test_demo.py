import datetime
import io

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
    assert campaign.starts_on == datetime.date(2024, 3, 1) and campaign.deadline == datetime.date(2024, 6, 30)
    assert campaign.publicity_starts_on and campaign.survey is None
    # A channel of every printed kind per township, and the county-wide website and SMS channels.
    assert Channel.objects.filter(township__isnull=False).count() == 17 * len(demo.CHANNEL_LABELS)
    assert set(Channel.objects.filter(township__isnull=True).values_list("kind", flat=True)) == {"website", "sms"}
    assert TownshipTarget.objects.count() == 17
    bundle = PosterBundle.objects.get()
    assert bundle.status == PosterBundle.Status.DONE and bundle.file.size > 0

    before = snapshot()
    demo.load(out, 2024)
    assert snapshot() == before
