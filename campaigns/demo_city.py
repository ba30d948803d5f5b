"""Demo data for a city next to the demo county: 南阳市's 13 county-level units, each with
four to six townships whose names are demo placeholders (Township.is_placeholder: the real
list is the bureau's to import), a few hundred firms per county, and a live city campaign
(南阳市 sets county targets, the counties' townships carry channels). Seeded from streams of
its own, loaded after 东至县, so 东至县's draws are the same with or without it; idempotent."""

from __future__ import annotations

import datetime
import math
import random

from django.utils import timezone

from regions.models import Region

from .demo import campaign_fields, fake_firm
from .models import Campaign, Channel, Enterprise, RegionTarget, SizeClass, Township, TownshipTarget
from .targets import sample_size
from .uscc import CHARSET, make_uscc

CITY_CODE = "411300000000"
CAMPAIGN_SUFFIX = "南阳市小微企业参保扩面专项行动"
PLACEHOLDER = "（演示占位）"
NUMERALS = "一二三四五六七"
KIND_NAMES = {Township.Kind.SUBDISTRICT: "街道", Township.Kind.TOWN: "镇", Township.Kind.TOWNSHIP: "乡"}
# Where a 统计用区划代码 puts each kind: 街道 0xx, 镇 1xx, 乡 2xx.
KIND_BASE = {Township.Kind.SUBDISTRICT: 1, Township.Kind.TOWN: 100, Township.Kind.TOWNSHIP: 200}
FIRMS_PER_COUNTY = (180, 320)
# Counties whose townships answer late and slowly: behind the city's target at the deadline's pace.
BEHIND = {"南召县", "社旗县", "唐河县", "桐柏县", "内乡县"}
NAME_WORDS = ["宛城", "卧龙", "伏牛", "白河", "丹江", "玉雕", "月季", "汉冢", "中原", "豫南", "宛东", "鸿运",
              "仲景", "兴宛", "宏达", "金鼎", "瑞祥", "永盛", "聚源", "新野", "淅水", "桐柏山"]
CHANNEL_LABELS = {
    Channel.Kind.POSTER: "{t}公告栏", Channel.Kind.SERVICE_HALL: "{t}便民服务中心",
    Channel.Kind.WECHAT: "“{c}人社”公众号推文（{t}）", Channel.Kind.VISIT: "{t}上门走访宣传单",
}


def city_campaign() -> Campaign | None:
    """The city campaign an earlier load made (the latest), if any."""
    return Campaign.objects.filter(name__endswith=CAMPAIGN_SUFFIX).order_by("-starts_on", "-id").first()


def counties() -> list[Region]:
    return list(Region.objects.filter(level=Region.Level.COUNTY, parent__code=CITY_CODE).order_by("code"))


def _kinds(rng: random.Random, county: Region, n: int) -> list[str]:
    """Districts (区) are mostly 街道; counties and 邓州市 mostly 镇 and 乡."""
    if county.name.endswith("区"):
        pool = [Township.Kind.SUBDISTRICT] * 3 + [Township.Kind.TOWN]
    else:
        pool = [Township.Kind.SUBDISTRICT] + [Township.Kind.TOWN] * 3 + [Township.Kind.TOWNSHIP] * 2
    kinds = [pool[0] if i == 0 else rng.choice(pool) for i in range(n)]  # the seat of each is a 街道
    return sorted(kinds, key=list(KIND_BASE).index)


def load_townships(rng: random.Random) -> dict[Region, list[Township]]:
    """Four to six placeholder townships per county, codes under the county's prefix."""
    out = {}
    for county in counties():
        n = rng.randint(4, 6)
        seen: dict[str, int] = {}
        for kind in _kinds(rng, county, n):
            seen[kind] = seen.get(kind, 0) + 1
            number = KIND_BASE[kind] + seen[kind] - 1
            code = f"{county.code[:6]}{number:03d}000"
            name = f"{county.name}示例{KIND_NAMES[kind]}{NUMERALS[seen[kind] - 1]}{PLACEHOLDER}"
            Township.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "county": county,
                                                                "is_placeholder": True})
        out[county] = list(Township.objects.filter(county=county).order_by("code"))
    return out


def _firms(rng: random.Random, county: Region, townships: list[Township]) -> list[Enterprise]:
    firms, seen = [], set()
    weights = [4 if t.kind == Township.Kind.SUBDISTRICT else 2 for t in townships]
    for _ in range(rng.randint(*FIRMS_PER_COUNTY)):
        individual = rng.random() < 0.15
        org8 = "MA" + "".join(rng.choice(CHARSET) for _ in range(6))
        uscc = make_uscc(f"9{'2' if individual else '1'}{county.code[:6]}", org8)
        values = fake_firm(rng)
        if uscc in seen:
            continue
        seen.add(uscc)
        small = values["size_class"] in (SizeClass.SMALL, SizeClass.MICRO)
        insured = rng.random() < (0.3 if small else 0.75)
        suffix = "经营部" if individual else rng.choice(["有限公司", "商贸有限公司", "有限责任公司"])
        firms.append(Enterprise(
            uscc=uscc, name=f"{county.name}{rng.choice(NAME_WORDS)}{values['industry_name'][:4]}{suffix}",
            township=rng.choices(townships, weights)[0],
            registered_on=datetime.date(2002, 1, 1) + datetime.timedelta(days=rng.randint(0, 8400)),
            contact_phone=f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}" if rng.random() < 0.6 else "",
            insured=insured, insured_source="社保经办名单（演示）" if insured else "",
            insured_on=datetime.date(2023, 12, 31) if insured else None, **values,
        ))
    return firms


def _campaign(city: Region) -> Campaign:
    fields = campaign_fields(timezone.localdate())
    fields["name"] = f"{fields['deadline'].year}年{CAMPAIGN_SUFFIX}"
    campaign = city_campaign()
    if campaign is None or campaign.deadline < timezone.localdate():
        campaign, _ = Campaign.objects.get_or_create(name=fields.pop("name"), defaults={**fields, "region": city})
    return campaign


def county_target(townships: list[Township]) -> int:
    """The city's target for a county: its townships' sample sizes, rounded up to tens."""
    small = Enterprise.objects.filter(township__in=townships, size_class__in=(SizeClass.SMALL, SizeClass.MICRO))
    by_township = {t.pk: 0 for t in townships}
    for township_id in small.values_list("township_id", flat=True):
        by_township[township_id] += 1
    return 10 * math.ceil(sum(sample_size(n) for n in by_township.values()) / 10)


def load(stdout, seed: int) -> None:
    """Townships, firms, the city campaign with its county targets and township channels."""
    rng = random.Random(f"nanyang-{seed}")
    city = Region.objects.get(code=CITY_CODE)
    by_county = load_townships(rng)
    firms = []
    for county, townships in by_county.items():
        firms += _firms(random.Random(f"nanyang-{seed}-{county.code}"), county, townships)
    existing = set(Enterprise.objects.filter(uscc__in=[f.uscc for f in firms]).values_list("uscc", flat=True))
    new = [f for f in firms if f.uscc not in existing]
    Enterprise.objects.bulk_create(new, batch_size=1000)
    campaign = _campaign(city)
    created = 0
    for county, townships in by_county.items():
        RegionTarget.objects.get_or_create(campaign=campaign, region=county,
                                           defaults={"target_responses": county_target(townships)})
        _, was_created = Channel.objects.get_or_create(
            campaign=campaign, township=None, region=county, kind=Channel.Kind.SMS,
            defaults={"label": f"{county.name} 12333 短信提醒"})
        created += was_created
        for township in townships:
            TownshipTarget.objects.get_or_create(campaign=campaign, township=township)
            for kind, label in CHANNEL_LABELS.items():
                _, was_created = Channel.objects.get_or_create(
                    campaign=campaign, township=township, kind=kind,
                    defaults={"label": label.format(t=township.name.removesuffix(PLACEHOLDER), c=county.name)})
                created += was_created
    stdout.write(f"campaigns: 南阳市 {len(new)} firms and {created} channels created")

