"""Staff screens: township scoping, phone visibility, targets, target list export."""

import csv
import io
import json

import pytest

from django.urls import reverse

from campaigns.models import Enterprise, SizeClass, TownshipTarget

from .conftest import code


@pytest.fixture
def firms(make_firm):
    return {
        "own": make_firm("尧渡镇自家小店", "尧渡镇", n=1, contact_phone="13900000001"),
        "other": make_firm("东流镇别家小店", "东流镇", n=2, contact_phone="13900000002"),
    }


def test_officer_lists_only_own_township(client, officer_yaodu, firms):
    client.force_login(officer_yaodu)
    body = client.get(reverse("canbao_enterprises:index")).content.decode()
    assert "尧渡镇自家小店" in body and "东流镇别家小店" not in body


@pytest.mark.parametrize("action", ["edit", "delete", "history", "usage"])
def test_officer_cannot_fetch_another_townships_firm_by_guessing_its_id(client, officer_yaodu, firms, action):
    client.force_login(officer_yaodu)
    assert client.get(reverse(f"canbao_enterprises:{action}", args=[firms["other"].pk])).status_code in (403, 404)
    assert client.get(reverse(f"canbao_enterprises:{action}", args=[firms["other"].pk + 1000])).status_code in (403, 404)


def test_officer_cannot_post_edits_to_another_townships_firm(client, officer_yaodu, firms):
    client.force_login(officer_yaodu)
    response = client.post(reverse("canbao_enterprises:edit", args=[firms["other"].pk]), {"name": "改名", "uscc": code(2)})
    assert response.status_code == 404
    assert Enterprise.objects.get(pk=firms["other"].pk).name == "东流镇别家小店"


def edit_data(firm, **changes):
    data = {"name": firm.name, "uscc": firm.uscc, "township": firm.township_id, "industry_code": firm.industry_code,
            "industry_name": "", "employees": firm.employees, "revenue": firm.revenue, "assets": "",
            "registered_on": "", "contact_phone": firm.contact_phone, "insured_source": "", "insured_on": ""}
    return data | changes


def test_officer_edits_own_firm_and_size_is_recomputed(client, officer_yaodu, firms):
    client.force_login(officer_yaodu)
    firm = firms["own"]
    page = client.get(reverse("canbao_enterprises:edit", args=[firm.pk])).content.decode()
    assert "13900000001" in page  # own township: phone visible
    assert firm.size_class == SizeClass.MICRO
    response = client.post(reverse("canbao_enterprises:edit", args=[firm.pk]), edit_data(firm, employees=60, revenue=600))
    assert response.status_code == 302, response.content.decode()[:2000]
    firm.refresh_from_db()
    assert firm.employees == 60 and firm.size_class == SizeClass.MEDIUM


def test_officer_cannot_move_a_firm_to_another_township(client, officer_yaodu, firms, townships):
    client.force_login(officer_yaodu)
    firm = firms["own"]
    response = client.post(reverse("canbao_enterprises:edit", args=[firm.pk]), edit_data(firm, township=townships["东流镇"].pk))
    assert response.status_code == 200  # form redisplayed with an error
    firm.refresh_from_db()
    assert firm.township.name == "尧渡镇"


def test_staff_form_checks_the_uscc(client, reviewer, firms):
    client.force_login(reviewer)
    firm = firms["own"]
    response = client.post(reverse("canbao_enterprises:edit", args=[firm.pk]), edit_data(firm, uscc="12345"))
    assert response.status_code == 200 and "18位" in response.content.decode()
    response = client.post(reverse("canbao_enterprises:edit", args=[firm.pk]), edit_data(firm, uscc="91350203m0001qkt19"))
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.uscc == "91350203M0001QKT19" and firm.uscc_needs_review


def test_reviewer_sees_every_township_and_editor_sees_none(client, reviewer, editor, firms):
    client.force_login(reviewer)
    body = client.get(reverse("canbao_enterprises:index")).content.decode()
    assert "尧渡镇自家小店" in body and "东流镇别家小店" in body
    menu = client.get("/admin/").content.decode()  # the sidebar is JSON with escaped Chinese
    assert json.dumps("参保扩面")[1:-1] in menu and "/admin/canbao/imports/" in menu
    client.force_login(editor)
    assert client.get(reverse("canbao_enterprises:index")).status_code == 302  # Wagtail's permission-denied redirect
    assert client.get(reverse("canbao_targets:target_list")).status_code == 302


def test_channel_list_is_scoped_and_shows_scan_counts(client, officer_yaodu, make_channel):
    own, other = make_channel("尧渡镇", label="尧渡镇大厅"), make_channel("东流镇", label="东流镇大厅")
    client.get(f"/q/{own.code}")
    client.get(f"/q/{own.code}")
    client.force_login(officer_yaodu)
    body = client.get(reverse("canbao_channels:index")).content.decode()
    assert "尧渡镇大厅" in body and "东流镇大厅" not in body
    assert own.code in body and other.code not in body
    png = reverse("canbao_posters:channel_qr", kwargs={"pk": own.pk, "fmt": "png"})
    assert f'<a href="{png}">PNG</a>' in body  # the download links render as links, not escaped text
    assert client.get(reverse("canbao_channels:edit", args=[other.pk])).status_code in (302, 403, 404)


def test_target_list_filters_scopes_and_exports_safely(client, officer_yaodu, reviewer, make_firm):
    make_firm("=HYPERLINK(\"http://evil\")", "尧渡镇", n=1, contact_phone="13900000001")
    make_firm("尧渡镇已参保小店", "尧渡镇", n=2, insured=True)
    make_firm("尧渡镇中型商场", "尧渡镇", n=3, employees=100, revenue=1000)
    make_firm("东流镇小店", "东流镇", n=4)
    client.force_login(officer_yaodu)
    body = client.get(reverse("canbao_targets:target_list")).content.decode()
    assert "HYPERLINK" in body and "已参保" not in body and "中型商场" not in body and "东流镇小店" not in body
    response = client.get(reverse("canbao_targets:target_list") + "?format=csv&size=micro")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "企业名称" and len(rows) == 2
    assert rows[1][0] == "'=HYPERLINK(\"http://evil\")" and rows[1][-1] == "13900000001"
    from accounts.models import AuditEntry

    entry = AuditEntry.objects.get()  # the download (with phone numbers) is in the audit log
    assert (entry.user, entry.action, entry.township.name) == (officer_yaodu, "target_list_download", "尧渡镇")
    assert entry.detail["rows"] == 1 and entry.detail["filters"] == {"size": "micro"} and entry.detail["phones"]
    client.force_login(reviewer)
    body = client.get(reverse("canbao_targets:target_list") + "?q=小店").content.decode()
    assert "东流镇小店" in body and "HYPERLINK" not in body


def test_campaign_targets_show_formula_and_respect_overrides(client, officer_yaodu, reviewer, campaign, make_firm, townships):
    for n in range(5):
        make_firm(f"尧渡镇小店{n}", "尧渡镇", n=10 + n)
    make_firm("东流镇小店", "东流镇", n=30)
    TownshipTarget.objects.create(campaign=campaign, township=townships["东流镇"], target_responses=9)
    client.force_login(reviewer)
    body = client.get(reverse("canbao_targets:campaign_targets", args=[campaign.pk])).content.decode()
    assert "384.16" in body and "n₀ ÷ (1 + (n₀ − 1) ÷ N)" in body
    assert "383.16 ÷ 5) → 5" in body and "人工设定" in body
    client.force_login(officer_yaodu)
    body = client.get(reverse("canbao_targets:campaign_targets", args=[campaign.pk])).content.decode()
    assert "尧渡镇" in body and "东流镇" not in body


@pytest.mark.parametrize("who", ["reviewer", "officer_yaodu"])
def test_every_campaigns_screen_opens(client, request, who, campaign, make_channel, make_firm):
    make_firm()
    channel = make_channel()
    TownshipTarget.objects.create(campaign=campaign, township=channel.township)
    client.force_login(request.getfixturevalue(who))
    urls = [reverse("canbao_enterprises:index"), reverse("canbao_channels:index"), reverse("canbao_campaigns:index"),
            reverse("canbao_township_targets:index"), reverse("canbao_targets:target_list"),
            reverse("canbao_targets:campaign_targets", args=[campaign.pk])]
    if who == "reviewer":
        urls += [reverse("canbao_imports:upload"), reverse("canbao_posters:bundles", args=[campaign.pk]),
                 reverse("canbao_enterprises:add"), reverse("canbao_channels:add"), reverse("canbao_campaigns:add")]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_campaign_deadline_defaults_to_june_30_of_its_year(client, reviewer):
    from campaigns.models import Campaign

    client.force_login(reviewer)
    response = client.post(reverse("canbao_campaigns:add"), {
        "name": "2025年扩面行动", "starts_on": "2025-03-01", "ends_on": "2025-12-31",
        "publicity_starts_on": "2025-04-01", "publicity_ends_on": "2025-04-30", "survey": "", "deadline": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    assert str(Campaign.objects.get(name="2025年扩面行动").deadline) == "2025-06-30"
