"""Demo outcomes: two monthly insured lists imported through the import service (some
targets join, respondents more often), and follow-ups by the township officers, so the
work list and the outcome page show something real. Idempotent: a list already imported
(by name) and follow-ups already logged for the campaign are left alone."""

from __future__ import annotations

import csv
import datetime
import io
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Profile
from campaigns.demo import demo_campaign
from campaigns.imports import apply_batch, preview_batch, read_table
from campaigns.models import Enterprise, ImportBatch
from regions.tree import townships_under

from .models import FollowUp
from .states import campaign_targets

LIST_NAME = "参保单位名单（演示）-{month}.csv"
CITY_LIST_NAME = "南阳市参保单位名单（演示）-{month}.csv"
JOIN_IF_ANSWERED, JOIN_OTHERWISE = 0.10, 0.03  # per monthly list
WAYS = [FollowUp.Way.PHONE] * 5 + [FollowUp.Way.VISIT] * 2 + [FollowUp.Way.MEETING]
RESULTS = ["已告知参保义务，表示近期办理", "负责人不在，留言", "称员工均为家庭成员，需进一步核实", "已参加座谈会，领取办理指南"]
NEXT_STEPS = ["一周后回访", "寄送参保登记通知书", "上门核实用工情况", ""]


def _month_ends(starts: datetime.date, today: datetime.date) -> list[datetime.date]:
    """The last day of the campaign's first two months, neither later than today."""
    ends = []
    day = starts
    for _ in range(2):
        first_next = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        ends.append(min(first_next - datetime.timedelta(days=1), today))
        day = first_next
    return ends


def _list_csv(usccs: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["单位名称", "统一社会信用代码"])
    names = dict(Enterprise.objects.filter(uscc__in=usccs).values_list("uscc", "name"))
    writer.writerows([names[c], c] for c in usccs)
    return out.getvalue().encode("utf-8")


def _import_list(name: str, list_date: datetime.date, usccs: list[str]) -> None:
    data = _list_csv(usccs)
    batch = ImportBatch(kind=ImportBatch.Kind.INSURED, original_name=name, list_date=list_date,
                        column_mapping=read_table(data, name, ImportBatch.Kind.INSURED).mapping())
    batch.file.save(name, ContentFile(data), save=False)
    batch.save()
    preview_batch(batch)
    apply_batch(batch, data)


def load(stdout, seed: int) -> None:
    _outcomes(stdout, demo_campaign(), random.Random(seed), LIST_NAME)


def load_city(stdout, seed: int) -> None:
    """南阳市's lists and follow-ups, after 东至县's, from a random stream of their own."""
    from campaigns.demo_city import city_campaign

    _outcomes(stdout, city_campaign(), random.Random(f"nanyang-outcomes-{seed}"), CITY_LIST_NAME)


def _outcomes(stdout, campaign, rng: random.Random, list_name: str) -> None:
    """Two monthly lists (every insured firm, plus some of the campaign's targets joining)
    and follow-ups of about 15% of the targets; the campaign's region only."""
    if campaign is None:
        stdout.write("followups: no demo campaign yet, skipped")
        return
    townships = townships_under(campaign.region)
    imported = 0
    for list_date in _month_ends(campaign.starts_on, timezone.localdate()):
        name = list_name.format(month=list_date.strftime("%Y-%m"))
        if ImportBatch.objects.filter(original_name=name, status=ImportBatch.Status.APPLIED).exists():
            continue
        targets = (campaign_targets(campaign, townships).filter(newly_insured=False).order_by("uscc")
                   .values_list("uscc", "answered"))
        joining = [c for c, answered in targets if rng.random() < (JOIN_IF_ANSWERED if answered else JOIN_OTHERWISE)]
        insured = list(Enterprise.objects.filter(insured=True, township__in=townships).order_by("uscc")
                       .values_list("uscc", flat=True))
        _import_list(name, list_date, sorted({*insured, *joining}))
        imported += 1
    logged = 0
    if not FollowUp.objects.filter(campaign=campaign).exists():
        officers = dict(Profile.objects.filter(township__isnull=False, user__in=get_user_model().objects.all())
                        .values_list("township_id", "user_id"))
        span = max(1, (min(timezone.localdate(), campaign.ends_on) - campaign.starts_on).days)
        followups = []
        for firm in campaign_targets(campaign, townships).order_by("uscc"):
            if rng.random() >= 0.15:
                continue
            followups.append(FollowUp(
                enterprise=firm, campaign=campaign, way=rng.choice(WAYS), result=rng.choice(RESULTS),
                next_step=rng.choice(NEXT_STEPS), created_by_id=officers.get(firm.township_id),
                contacted_on=campaign.starts_on + datetime.timedelta(days=rng.randint(0, span)),
            ))
        FollowUp.objects.bulk_create(followups)
        logged = len(followups)
    stdout.write(f"followups: {imported} insured lists imported, {logged} follow-ups logged ({campaign.name})")
