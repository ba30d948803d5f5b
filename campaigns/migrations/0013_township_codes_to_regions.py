"""Carry existing townships into the region tree: 9-digit codes become 12-digit 统计用区划
代码 (three zeros appended: the same division), each township goes under its county (from
the shipped reference list of provinces, cities and counties, or a placeholder county named
after its code), and each campaign gets the county its channels' and targets' townships
share (none when they span several counties; the only county when it has no township yet),
its county sign-offs that county. Nothing is deleted; the reverse strips the zeros again and
unlinks the regions, and refuses (rather than lose them) city-level sign-offs, which the
schema before regions cannot hold."""

from django.db import migrations
from django.db.migrations.exceptions import IrreversibleError


def forward(apps, schema_editor):
    from regions.tree import county_code_of, load_reference_regions

    Township = apps.get_model("campaigns", "Township")
    Region = apps.get_model("regions", "Region")
    counties: dict[str, object] = {}
    for township in Township.objects.order_by("code"):
        if len(township.code) == 9:
            township.code += "000"
        code = county_code_of(township.code)
        if code not in counties:
            county = Region.objects.filter(code=code).first()
            county = county or load_reference_regions(Region, {code}).get(code)
            counties[code] = county or Region.objects.create(code=code, name=f"县级区域{code[:6]}", level="county")
        township.county = counties[code]
        township.save(update_fields=["code", "county"])
    only = next(iter(counties.values())) if len(counties) == 1 else None
    _campaign_regions(apps, only)


def _campaign_regions(apps, only_county) -> None:
    Campaign = apps.get_model("campaigns", "Campaign")
    Channel = apps.get_model("campaigns", "Channel")
    TownshipTarget = apps.get_model("campaigns", "TownshipTarget")
    SignOff = apps.get_model("reports", "SignOff")
    for campaign in Campaign.objects.filter(region__isnull=True).order_by("pk"):
        county_ids = set(Channel.objects.filter(campaign=campaign, township__isnull=False)
                         .values_list("township__county_id", flat=True))
        county_ids |= set(TownshipTarget.objects.filter(campaign=campaign).values_list("township__county_id", flat=True))
        if len(county_ids) == 1:
            county_id = county_ids.pop()
        elif not county_ids and only_county is not None:
            county_id = only_county.pk
        else:
            continue  # several counties (or none known): every township of the deployment, as before
        Campaign.objects.filter(pk=campaign.pk).update(region_id=county_id)
        SignOff.objects.filter(campaign=campaign, level="county", region__isnull=True).update(region_id=county_id)


def backward(apps, schema_editor):
    Township = apps.get_model("campaigns", "Township")
    Campaign = apps.get_model("campaigns", "Campaign")
    SignOff = apps.get_model("reports", "SignOff")
    if SignOff.objects.filter(level="city").exists():
        raise IrreversibleError(
            "City-level sign-offs exist: the schema before regions has no place for them (delete them first).")
    Campaign.objects.update(region=None)
    SignOff.objects.update(region=None)
    for township in Township.objects.all():
        if len(township.code) == 12 and township.code.endswith("000"):
            township.code = township.code[:9]
        township.county = None
        township.save(update_fields=["code", "county"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0012_regions"),
        ("regions", "0001_initial"),
        ("reports", "0005_signoff_regions"),
    ]
    operations = [migrations.RunPython(forward, backward)]
