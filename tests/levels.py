"""A deployment with two levels for access tests: 南阳市 with two of its counties (方城县,
唐河县), one township each, beside 东至县 (the `townships` fixture); a city campaign and a
county campaign of 东至县; a small uninsured firm, a township channel and a channel without a
township in each county; and one user per role and level."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from accounts import roles
from campaigns.models import Campaign, Channel, Enterprise, Township
from campaigns.uscc import make_uscc
from regions.models import Region
from regions.tree import load_reference_regions

FANGCHENG, TANGHE, NANYANG, DONGZHI = "411322000000", "411328000000", "411300000000", "341721000000"
# One user per role and level; "anonymous" is no user at all.
USERS = ("anonymous", "editor", "officer_fc", "reviewer_fc", "reviewer_th", "reviewer_city", "reviewer_all",
         "administrator")
# What each user sees: the counties whose firms and township channels, and the regions whose
# channels without a township ("city": the city campaign's channel for the whole city).
SEES = {
    "anonymous": set(), "editor": set(), "officer_fc": {"fc"}, "reviewer_fc": {"fc"}, "reviewer_th": {"th"},
    "reviewer_city": {"fc", "th"}, "reviewer_all": {"fc", "th", "dz"}, "administrator": {"fc", "th", "dz"},
}
SEES_WIDE = {
    "anonymous": set(), "editor": set(), "officer_fc": set(), "reviewer_fc": {"fc"}, "reviewer_th": {"th"},
    "reviewer_city": {"fc", "th", "city"}, "reviewer_all": {"fc", "th", "city", "dz"},
    "administrator": {"fc", "th", "city", "dz"},
}


def bind(user, region=None, township=None):
    """Bind a user made by make_user to a region (reviewers) or a township (officers)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.conftest import TEST_TOTP_SECRET

    user.profile.region, user.profile.township = region, township
    user.profile.save()
    if roles.requires_mfa(user) and not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, TEST_TOTP_SECRET)
    return user


def build_levels(make_user, townships) -> SimpleNamespace:
    made = load_reference_regions(codes={FANGCHENG, TANGHE})
    fc_county, th_county, city = made[FANGCHENG], made[TANGHE], made[NANYANG]
    dongzhi = Region.objects.get(code=DONGZHI)
    town = {
        "fc": Township.objects.create(code="411322001000", name="凤瑞街道", kind="subdistrict"),
        "th": Township.objects.create(code="411328001000", name="滨河街道", kind="subdistrict"),
        "dz": townships["尧渡镇"],
    }
    start = datetime.date(2024, 3, 1)
    city_campaign = Campaign.objects.create(name="南阳市扩面行动", starts_on=start, ends_on=datetime.date(2024, 12, 31),
                                            region=city)
    dz_campaign = Campaign.objects.create(name="东至县扩面行动", starts_on=start - datetime.timedelta(days=30),
                                          ends_on=datetime.date(2024, 12, 31), region=dongzhi)
    firms, channels, wide = {}, {}, {}
    for n, (key, township) in enumerate(town.items()):
        campaign = dz_campaign if key == "dz" else city_campaign
        firms[key] = Enterprise.objects.create(
            name=f"{township.name}测试企业", uscc=make_uscc("91411300", f"LA{n:06d}"), township=township,
            industry_code="5211", employees=5, revenue=50, contact_phone=f"1390000{n:04d}")
        channels[key] = Channel.objects.create(campaign=campaign, township=township, kind=Channel.Kind.POSTER,
                                               label=f"{township.name}海报")
        wide[key] = Channel.objects.create(campaign=campaign, region=township.county if key != "dz" else None,
                                           kind=Channel.Kind.WEBSITE, label=f"{township.county.name}网站")
    wide["city"] = Channel.objects.create(campaign=city_campaign, kind=Channel.Kind.WECHAT, label="南阳市微信文章")
    users = {
        "anonymous": None,
        "editor": make_user(roles.EDITOR),
        "officer_fc": bind(make_user(roles.OFFICER), township=town["fc"]),
        "reviewer_fc": bind(make_user(roles.REVIEWER), fc_county),
        "reviewer_th": bind(make_user(roles.REVIEWER), th_county),
        "reviewer_city": bind(make_user(roles.REVIEWER), city),
        "reviewer_all": make_user(roles.REVIEWER),
        "administrator": make_user(roles.ADMINISTRATOR),
    }
    return SimpleNamespace(fc=fc_county, th=th_county, city=city, dongzhi=dongzhi, town=town, firms=firms,
                           channels=channels, wide=wide, users=users, city_campaign=city_campaign,
                           dz_campaign=dz_campaign)


def login(client, level, who: str):
    if level.users[who] is not None:
        client.force_login(level.users[who])
    return client
