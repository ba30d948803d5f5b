"""Carry existing townships into the region tree: 9-digit codes become 12-digit 统计用区划
代码 (three zeros appended: the same division), each township goes under its county (from
the shipped reference list of provinces, cities and counties, or a placeholder county named
after its code), and each campaign gets the county its townships share. Nothing is deleted;
the reverse strips the zeros again and unlinks the regions."""

from django.db import migrations


def forward(apps, schema_editor):
    from regions.tree import county_code_of, load_reference_regions

    Township = apps.get_model("campaigns", "Township")
    Campaign = apps.get_model("campaigns", "Campaign")
    Region = apps.get_model("regions", "Region")
    SignOff = apps.get_model("reports", "SignOff") if _has_reports(apps) else None
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
    if len(counties) == 1:
        [county] = counties.values()
        Campaign.objects.filter(region__isnull=True).update(region=county)
        if SignOff is not None:
            SignOff.objects.filter(level="county", region__isnull=True).update(region=county)


def _has_reports(apps):
    try:
        apps.get_model("reports", "SignOff")
    except LookupError:
        return False
    return True


def backward(apps, schema_editor):
    Township = apps.get_model("campaigns", "Township")
    Campaign = apps.get_model("campaigns", "Campaign")
    Campaign.objects.update(region=None)
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
