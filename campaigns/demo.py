"""Demo data for campaigns: townships, ~3,000 plausible firms, a current campaign (begun
two months before the first load, reporting deadline the next 30 June) with a channel of
every kind in every township. Seeded and idempotent: a second load finds the campaign."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from .classification import classify_enterprise_size, parse_industry, rule_for_industry
from .models import Campaign, Channel, Enterprise, SizeClass, Township, TownshipTarget
from .townships import load_townships
from .uscc import CHARSET, make_uscc

DEMO_FIRMS = 3000
COUNTY_CODE = "341721000000"  # 东至县: the demo county (南阳市 is campaigns.demo_city)
CAMPAIGN_SUFFIX = "东至县小微企业工伤保险参保扩面行动"
# (GB/T 4754 class, name, weight): what a county of farms, a chemical park and shops holds.
INDUSTRIES = [
    ("0111", "稻谷种植", 4), ("0412", "内陆养殖", 3), ("0190", "其他农业", 2), ("1311", "谷物磨制", 5),
    ("1512", "白酒制造", 2), ("2614", "有机化学原料制造", 4), ("2662", "专项化学用品制造", 3),
    ("3311", "金属结构制造", 4), ("3021", "水泥制品制造", 3), ("4411", "火力发电", 1), ("4720", "住宅房屋建筑", 5),
    ("4813", "市政道路工程建筑", 2), ("5121", "米、面制品及食用油批发", 4), ("5211", "百货零售", 10),
    ("5221", "粮油零售", 6), ("5261", "汽车新车零售", 2), ("5430", "道路货物运输", 5), ("5920", "通用仓储", 2),
    ("6020", "快递服务", 2), ("6110", "旅游饭店", 3), ("6210", "正餐服务", 8), ("6410", "互联网接入及相关服务", 1),
    ("6513", "应用软件开发", 1), ("7010", "房地产开发经营", 2), ("7020", "物业管理", 2), ("7212", "投资与资产管理", 2),
    ("7296", "保安服务", 2), ("7320", "工程和技术研究和试验发展", 1), ("8010", "家庭服务", 3),
    ("8111", "汽车修理与维护", 4), ("8080", "洗浴和保健养生服务", 2),
]
# Target mix: about 60% small or micro, the rest medium, large or without figures.
TIER_WEIGHTS = [(SizeClass.LARGE, 3), (SizeClass.MEDIUM, 29), (SizeClass.SMALL, 30), (SizeClass.MICRO, 30),
                (SizeClass.UNDETERMINED, 8)]
NAME_WORDS = ["安达", "宏盛", "鑫源", "恒通", "华宇", "金诚", "绿源", "新城", "瑞丰", "合力", "永兴", "富民", "兴旺",
              "天成", "长江", "秋浦", "尧城", "升金湖", "东流", "梅城", "皖南", "江南", "徽韵", "诚信", "众联", "嘉和"]
AUTHORITIES = [("341721", 8), ("341700", 2), ("340000", 1)]


def fake_uscc(rng: random.Random, kind: str = "1") -> str:
    """A code that passes both checks, as issued after 2015 (organisation code MA...)."""
    authority = rng.choices([a for a, _ in AUTHORITIES], [w for _, w in AUTHORITIES])[0]
    org8 = "MA" + "".join(rng.choice(CHARSET) for _ in range(6))
    return make_uscc("9" + kind + authority, org8)


def _figure(rng: random.Random, bounds: tuple[Decimal, ...], tier: int, integer: bool):
    large, medium, small = (float(b) for b in bounds)
    low, high = [(large, large * 1.6), (medium, large), (small, medium), (small * 0.1, small)][tier]
    value = rng.uniform(low, max(low, high - 1))
    return int(value) if integer else Decimal(f"{value:.2f}")


def fake_firm(rng: random.Random) -> dict:
    """Industry and figures of a plausible firm, of a size drawn from TIER_WEIGHTS."""
    code, label, _ = rng.choices(INDUSTRIES, [w for *_, w in INDUSTRIES])[0]
    tier_class = rng.choices([t for t, _ in TIER_WEIGHTS], [w for _, w in TIER_WEIGHTS])[0]
    rule = rule_for_industry(parse_industry(code))
    values = {"industry_code": code, "industry_name": label, "industry_section": parse_industry(code).section,
              "employees": None, "revenue": None, "assets": None}
    tier = [SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL, SizeClass.MICRO].index(
        tier_class if tier_class != SizeClass.UNDETERMINED else SizeClass.SMALL)
    for indicator, bounds in rule.bounds.items():
        values[indicator] = _figure(rng, bounds, tier, indicator == "employees")
    if "employees" not in rule.bounds:
        values["employees"] = rng.randint(1, 40) if tier >= 2 else rng.randint(40, 600)
    if tier_class == SizeClass.UNDETERMINED:
        values[rng.choice(list(rule.bounds))] = None
    values["size_class"] = classify_enterprise_size(code, values["employees"], values["revenue"], values["assets"])
    return values


def load_reference_data(stdout, seed: int) -> None:
    """东至县's townships, and every shipped region (南阳市 and its counties too)."""
    from regions.tree import load_reference_regions

    load_townships()
    load_reference_regions()


def _demo_firms(seed: int, townships: list[Township]) -> list[Enterprise]:
    rng = random.Random(seed)
    seen: set[str] = set()
    firms = []
    weights = [6 if t.code[6:9] in ("100", "101", "102") else 3 if t.kind == "development_zone" else 2 for t in townships]
    while len(firms) < DEMO_FIRMS:
        individual = rng.random() < 0.15
        uscc = fake_uscc(rng, "2" if individual else "1")
        if uscc in seen:
            continue
        seen.add(uscc)
        values = fake_firm(rng)
        small = values["size_class"] in (SizeClass.SMALL, SizeClass.MICRO)
        insured = rng.random() < (0.35 if small else 0.8)
        suffix = "经营部" if individual else rng.choice(["有限公司", "有限责任公司", "股份有限公司"] if not small else ["有限公司", "商贸有限公司"])
        firms.append(Enterprise(
            uscc=uscc, name=f"东至县{rng.choice(NAME_WORDS)}{values['industry_name'][:4]}{suffix}",
            township=rng.choices(townships, weights)[0],
            registered_on=datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randint(0, 8700)),
            contact_phone=f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}" if rng.random() < 0.6 else "",
            insured=insured, insured_source="社保经办名单（演示）" if insured else "",
            insured_on=datetime.date(2023, 12, 31) if insured else None, **values,
        ))
    return firms


CHANNEL_LABELS = {
    Channel.Kind.POSTER: "{t}人民政府公告栏", Channel.Kind.SERVICE_HALL: "{t}便民服务中心一楼大厅",
    Channel.Kind.TOWNSHIP_OFFICE: "{t}劳动保障事务所", Channel.Kind.WECHAT: "“东至人社”公众号推文（{t}）",
    Channel.Kind.VISIT: "{t}上门走访宣传单", Channel.Kind.BROADCAST: "东至广播电视台（{t}专题）",
    Channel.Kind.OTHER: "{t}企业座谈会",
}
# Channels not printed for one township: their respondents pick the township.
COUNTY_WIDE_LABELS = {Channel.Kind.WEBSITE: "东至县工伤保险参保宣传网站", Channel.Kind.SMS: "12333 短信提醒"}


def next_deadline(today: datetime.date) -> datetime.date:
    """The next 30 June (today's, if it has not passed): the reporting deadline."""
    this_year = datetime.date(today.year, 6, 30)
    return this_year if today <= this_year else datetime.date(today.year + 1, 6, 30)


def _months_back(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 - months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def campaign_fields(today: datetime.date) -> dict:
    """A campaign in full swing: begun on the first of the month two months ago, its
    publicity month the one after, the deadline the next 30 June."""
    deadline = next_deadline(today)
    starts = _months_back(today, 2)
    publicity = _months_back(today, 1)
    publicity_ends = _months_back(today, 0) - datetime.timedelta(days=1)
    return {"name": f"{deadline.year}年{CAMPAIGN_SUFFIX}", "starts_on": starts, "ends_on": deadline,
            "publicity_starts_on": publicity, "publicity_ends_on": publicity_ends, "deadline": deadline}


def demo_campaign() -> Campaign | None:
    """The campaign an earlier load made (the latest), if any."""
    return Campaign.objects.filter(name__endswith=CAMPAIGN_SUFFIX).order_by("-starts_on", "-id").first()


def load(stdout, seed: int) -> None:
    """Firms, the current campaign, its township targets and channels (posters are drawn
    on request from the admin). Dates are relative to the day of the first load. Only
    东至县's townships: its draws stay the same whatever else the deployment holds."""
    from regions.models import Region

    county = Region.objects.get(code=COUNTY_CODE)
    townships = list(Township.objects.filter(county=county).order_by("code"))
    firms = _demo_firms(seed, townships)
    existing = set(Enterprise.objects.filter(uscc__in=[f.uscc for f in firms]).values_list("uscc", flat=True))
    new = [f for f in firms if f.uscc not in existing]
    Enterprise.objects.bulk_create(new, batch_size=1000)
    fields = campaign_fields(timezone.localdate())
    campaign = demo_campaign()
    if campaign is None or campaign.deadline < timezone.localdate():
        campaign, _ = Campaign.objects.get_or_create(name=fields.pop("name"), defaults={**fields, "region": county})
    if campaign.region_id is None:
        campaign.region = county
        campaign.save(update_fields=["region"])
    created_channels = 0
    for township in townships:
        TownshipTarget.objects.get_or_create(campaign=campaign, township=township)
        for kind, label in CHANNEL_LABELS.items():
            _, was_created = Channel.objects.get_or_create(
                campaign=campaign, township=township, kind=kind, defaults={"label": label.format(t=township.name)},
            )
            created_channels += was_created
    for kind, label in COUNTY_WIDE_LABELS.items():
        _, was_created = Channel.objects.get_or_create(campaign=campaign, township=None, kind=kind,
                                                       defaults={"label": label})
        created_channels += was_created
    posters = _ensure_poster_bundle(campaign)
    stdout.write(f"campaigns: {len(new)} firms and {created_channels} channels created; posters: {posters}")


def _ensure_poster_bundle(campaign: Campaign) -> str:
    """The campaign's all-posters PDF, built once (single posters are drawn on request)."""
    from .models import PosterBundle
    from .posters import save_campaign_bundle

    if campaign.poster_bundles.filter(status=PosterBundle.Status.DONE).exists():
        return "already built"
    save_campaign_bundle(PosterBundle.objects.create(campaign=campaign))
    return "built"


def ensure_benchmark_channels(count: int) -> list[Channel]:
    """`count` channels of a throwaway campaign (the benchmark rolls them back)."""
    load_townships()
    townships = list(Township.objects.order_by("code"))
    campaign = Campaign.objects.create(name="基准测试扩面行动", starts_on=datetime.date(2024, 3, 1),
                                       ends_on=datetime.date(2024, 12, 31), deadline=datetime.date(2024, 6, 30))
    kinds = list(Channel.Kind)
    Channel.objects.bulk_create([
        Channel(campaign=campaign, township=townships[i % len(townships)], kind=kinds[i % len(kinds)])
        for i in range(count)
    ], batch_size=1000)
    return list(campaign.channels.select_related("campaign", "township"))

