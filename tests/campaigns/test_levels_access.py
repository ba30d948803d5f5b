"""Roles at every level on the staff screens (accounts.roles): an access matrix of the users of
every level (tests.levels) over the registry, channels and their posters (with and without a
township), the follow-up work list, targets and consultations. A county reviewer of 方城县
gets 404 for any object of 唐河县; a city reviewer of 南阳市 sees both and nothing of 东至县."""

import pytest

from django.urls import reverse
from django.utils import timezone

from surveys.models import ConsultationRequest, Response, Survey
from tests.levels import SEES, SEES_WIDE, USERS, build_levels, login

COUNTIES = ("fc", "th", "dz")
STAFF = [u for u in USERS if u not in ("anonymous", "editor")]


@pytest.fixture
def level(make_user, townships):
    return build_levels(make_user, townships)


@pytest.mark.parametrize("who", USERS)
def test_enterprise_registry_list_and_edit(client, level, who):
    login(client, level, who)
    listing = client.get(reverse("canbao_enterprises:index"))
    for key in COUNTIES:
        firm = level.firms[key]
        edit = client.get(reverse("canbao_enterprises:edit", args=[firm.pk]))
        if key in SEES[who]:
            assert edit.status_code == 200 and firm.name in listing.content.decode()
        elif who in STAFF:
            assert edit.status_code == 404, (who, key)
            assert firm.name not in listing.content.decode()
        else:
            assert edit.status_code != 200 and listing.status_code != 200


@pytest.mark.parametrize("who", USERS)
def test_channels_list_edit_and_posters(client, level, who):
    login(client, level, who)
    listing = client.get(reverse("canbao_channels:index")).content.decode()
    cases = [(level.channels[k], k in SEES[who]) for k in COUNTIES]
    cases += [(level.wide[k], k in SEES_WIDE[who]) for k in (*COUNTIES, "city")]
    for channel, visible in cases:
        poster = client.get(reverse("canbao_posters:channel_qr", kwargs={"pk": channel.pk, "fmt": "png"}))
        edit = client.get(reverse("canbao_channels:edit", args=[channel.pk]))
        if who not in STAFF:
            assert poster.status_code != 200 and edit.status_code != 200
            continue
        assert (channel.code in listing) is visible, (who, channel.label)
        assert poster.status_code == (200 if visible else 404), (who, channel.label)
        if who != "officer_fc":  # officers may not edit channels at all
            assert edit.status_code == (200 if visible else 404), (who, channel.label)


@pytest.mark.parametrize("who", USERS)
def test_follow_up_work_list(client, level, who):
    login(client, level, who)
    for campaign, keys in ((level.city_campaign, ("fc", "th")), (level.dz_campaign, ("dz",))):
        response = client.get(reverse("followups:worklist"), {"campaign": campaign.pk})
        shown = [k for k in keys if k in SEES[who]]
        if who not in STAFF:
            assert response.status_code != 200
        elif not shown:  # a campaign of another region is not there at all
            assert response.status_code == 404, (who, campaign.name)
        else:
            page = response.content.decode()
            for key in COUNTIES:
                assert (level.firms[key].name in page) is (key in shown), (who, campaign.name, key)


@pytest.mark.parametrize("who", USERS)
def test_targets_and_target_list(client, level, who):
    login(client, level, who)
    targets = client.get(reverse("canbao_targets:campaign_targets", kwargs={"pk": level.city_campaign.pk}))
    dz_targets = client.get(reverse("canbao_targets:campaign_targets", kwargs={"pk": level.dz_campaign.pk}))
    listing = client.get(reverse("canbao_targets:target_list"))
    csv = client.get(reverse("canbao_targets:target_list"), {"format": "csv"})
    if who not in STAFF:
        assert {targets.status_code, listing.status_code, csv.status_code} != {200}
        return
    sees_city = bool(SEES[who] & {"fc", "th"})
    assert targets.status_code == (200 if sees_city else 404), who
    assert dz_targets.status_code == (200 if "dz" in SEES[who] else 404), who
    for key in COUNTIES:
        if sees_city:
            assert (level.town[key].name in targets.content.decode()) is (key in SEES[who] and key != "dz")
        assert (level.firms[key].name in listing.content.decode()) is (key in SEES[who]), (who, key)
        assert (level.firms[key].name in csv.content.decode("utf-8-sig")) is (key in SEES[who]), (who, key)


@pytest.mark.parametrize("who", USERS)
def test_consultations(client, level, who):
    survey = Survey.objects.create(title="知晓度调查（测试）", pass_mark=2)
    items = {}
    for key in COUNTIES:
        firm = level.firms[key]
        response = Response.objects.create(
            survey=survey, township=firm.township, enterprise=firm, uscc=firm.uscc, enterprise_name=firm.name,
            form_token=f"tok-{key}", submitted_at=timezone.now())
        items[key] = ConsultationRequest.objects.create(response=response, township=firm.township, phone="13900001111")
    login(client, level, who)
    listing = client.get(reverse("surveys_admin:consultations"))
    for key, item in items.items():
        detail = client.get(reverse("surveys_admin:consultation", args=[item.pk]))
        if who not in STAFF:
            assert detail.status_code != 200 and listing.status_code != 200
        else:
            assert (level.firms[key].name in listing.content.decode()) is (key in SEES[who]), (who, key)
            assert detail.status_code == (200 if key in SEES[who] else 404), (who, key)


@pytest.mark.parametrize("who", USERS)
def test_campaign_history_and_usage(client, level, who):
    """A campaign's history (who changed it, when) and usage screens (every channel of the
    campaign, other counties' included): like its edit screen, for those who hold the whole
    campaign region; 404 for other reviewers (a county's for the city campaign), closed to the rest."""
    leads = {"reviewer_city": {"city"}, "reviewer_all": {"city", "dz"}, "administrator": {"city", "dz"}}
    login(client, level, who)
    for campaign, key in ((level.city_campaign, "city"), (level.dz_campaign, "dz")):
        for action in ("history", "usage"):
            response = client.get(reverse(f"canbao_campaigns:{action}", args=[campaign.pk]))
            if who in ("anonymous", "editor", "officer_fc"):  # no permission on campaigns at all
                assert response.status_code != 200, (who, action)
            else:
                assert response.status_code == (200 if key in leads.get(who, ()) else 404), (who, campaign.name, action)
