"""A small city for the roll-ups above the county: 南阳市 with two of its counties, 方城县
(three townships) and 唐河县 (two), registry firms of every size, a city campaign with a
county target and a township target, answers submitted through the public survey (poster
of each township, a website channel serving 方城县 and one serving the whole city),
scans on every kind of channel. Returns what was sent, for independent recomputation."""

import datetime
import random
from dataclasses import dataclass

import pandas as pd

from django.test import Client
from django.utils import timezone

from campaigns.models import Campaign, Channel, Enterprise, RegionTarget, SizeClass, Township, TownshipTarget
from campaigns.uscc import make_uscc
from regions.tree import load_reference_regions
from surveys.awareness import build_awareness_survey

from .test_independent_check import DAYS_LEFT, PHONE, Generator

SEED = 20_261_115
FANGCHENG, TANGHE, NANYANG = "411322000000", "411328000000", "411300000000"
# township → (code, county code, small/micro firms, other firms, share answering, skill, strangers)
PLAN = {
    "凤瑞街道": ("411322001000", FANGCHENG, 30, 3, 0.6, 0.7, 4),
    "释之乡": ("411322200000", FANGCHENG, 10, 1, 1.0, 0.5, 1),  # census
    "杨集镇": ("411322100000", FANGCHENG, 5, 0, 0.0, 0.5, 2),  # n = 0
    "滨河街道": ("411328002000", TANGHE, 25, 2, 0.5, 0.4, 3),
    "桐寨铺镇": ("411328101000", TANGHE, 8, 1, 0.75, 0.9, 0),
}
TOWNSHIP_TARGETS = {"凤瑞街道": 12}
COUNTY_TARGETS = {TANGHE: 20}


@dataclass
class CityWorld:
    campaign: Campaign
    regions: dict  # code → Region
    towns: dict  # name → Township
    firms: pd.DataFrame  # uscc, township, size, insured
    sent: pd.DataFrame  # uscc, fallback, score, insured
    scans: dict  # township name, or the region code a wide channel serves → scans


def build_city(settings) -> CityWorld:
    settings.SURVEYS_SUBMIT_LIMIT_PER_IP = 100_000
    rng = random.Random(SEED)
    regions = load_reference_regions(codes={FANGCHENG, TANGHE})
    towns = {}
    for name, (code, _county, *_rest) in PLAN.items():
        kind = Township.Kind.SUBDISTRICT if name.endswith("街道") else Township.Kind.TOWN
        towns[name] = Township.objects.create(code=code, name=name, kind=kind)
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="南阳市扩面行动（测试）", starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=DAYS_LEFT), deadline=today + datetime.timedelta(days=DAYS_LEFT),
        survey=build_awareness_survey(), region=regions[NANYANG])
    for name, target in TOWNSHIP_TARGETS.items():
        TownshipTarget.objects.create(campaign=campaign, township=towns[name], target_responses=target)
    for code, target in COUNTY_TARGETS.items():
        RegionTarget.objects.create(campaign=campaign, region=regions[code], target_responses=target)
    posters = {name: Channel.objects.create(campaign=campaign, township=town, kind=Channel.Kind.POSTER)
               for name, town in towns.items()}
    fangcheng_web = Channel.objects.create(campaign=campaign, township=None, region=regions[FANGCHENG],
                                           kind=Channel.Kind.WEBSITE)
    city_web = Channel.objects.create(campaign=campaign, township=None, kind=Channel.Kind.WEBSITE)
    firms = []
    for name, (_code, county, small, other, *_rest) in PLAN.items():
        sizes = [rng.choice([SizeClass.SMALL, SizeClass.MICRO]) for _ in range(small)]
        sizes += [rng.choice([SizeClass.MEDIUM, SizeClass.UNDETERMINED]) for _ in range(other)]
        for size in sizes:
            firms.append({"uscc": make_uscc("91" + county[:6], f"NY{len(firms):06d}"), "township": name,
                          "size": str(size), "insured": rng.random() < 0.3})
    Enterprise.objects.bulk_create([
        Enterprise(name=f"南阳企业{i}", uscc=f["uscc"], township=towns[f["township"]], size_class=f["size"],
                   insured=f["insured"], industry_section="C") for i, f in enumerate(firms)])
    gen = Generator(campaign, towns, rng)
    for f in firms:
        _code, county, _small, _other, share, skill, _strangers = PLAN[f["township"]]
        small_micro = f["size"] in ("small", "micro")
        if not (rng.random() < share if small_micro else rng.random() < 0.5):
            continue
        if share == 1.0 and small_micro or rng.random() < 0.7:
            gen.submit(posters[f["township"]], f["uscc"], skill)
        elif county == FANGCHENG:
            gen.submit(fangcheng_web, f["uscc"], skill, picked=f["township"])
        else:
            gen.submit(city_web, f["uscc"], skill, picked=f["township"])
    for name, (*_rest, skill, strangers) in PLAN.items():
        for i in range(strangers):
            gen.submit(posters[name] if i % 2 == 0 else city_web, make_uscc("91410100", f"U{gen.n:07d}"), skill,
                       picked=None if i % 2 == 0 else name)
    scans = {}
    for key, channel, count in [("凤瑞街道", posters["凤瑞街道"], 3), ("滨河街道", posters["滨河街道"], 2),
                                (FANGCHENG, fangcheng_web, 4), (NANYANG, city_web, 5)]:
        for _ in range(count):
            Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR=f"172.17.{rng.randrange(250)}.{rng.randrange(250)}").get(
                f"/q/{channel.code}")
        scans[key] = count
    return CityWorld(campaign=campaign, regions=regions, towns=towns, firms=pd.DataFrame(firms),
                     sent=pd.DataFrame(gen.sent), scans=scans)
