"""The sign-off chain through HTTP: the township officer confirms, the reviewer approves the
county (every township confirmed, or an override with a reason), each step freezes its
figures, and a later change of data shows the difference, figure by figure."""

import pytest

from django.urls import reverse

from reports.models import SignOff

from .dataset import add_response_to

pytestmark = pytest.mark.django_db


def _township_url(ds, key):
    return reverse("reports:township", args=[ds.towns[key].pk]) + f"?campaign={ds.campaign.pk}"


def _approve(client, ds, **data):
    return client.post(reverse("reports:approve_county") + f"?campaign={ds.campaign.pk}", data, follow=True)


def test_officer_confirms_own_township_and_sees_later_changes(client, ds, officer_yaodu):
    client.force_login(officer_yaodu)
    url = _township_url(ds, "A")
    assert "data-signoff-form" in client.get(url).content.decode()
    assert client.post(url, {"comment": "本乡镇数据已核对"}).status_code == 302
    signoff = SignOff.objects.get()
    assert (signoff.level, signoff.township, signoff.signed_by) == ("township", ds.towns["A"], officer_yaodu)
    assert signoff.figures["row"]["responses"] == 4
    page = client.get(url).content.decode()
    assert "data-figures-changed" not in page  # nothing moved yet

    add_response_to(ds, "A")  # 5 responses, 2 passed: awareness 50% → 40%
    page = client.get(url).content.decode()
    assert "审核后数据已变动" in page
    frozen = client.get(reverse("reports:signoff", args=[signoff.pk])).content.decode()
    for html in (page, frozen):
        assert '<tr data-change="responses"><td>有效答卷</td>\n                <td data-frozen>4</td>\n' in html
        assert "<td data-now>5</td>" in html
        assert "<td data-frozen>50.0%</td>" in html and "<td data-now>40.0%</td>" in html
    assert 'data-figure="responses">4<' in frozen  # the archive itself stays frozen
    signoff.refresh_from_db()
    assert signoff.figures["row"]["responses"] == 4


def test_officer_may_not_confirm_another_township_nor_approve_the_county(client, ds, officer_yaodu):
    client.force_login(officer_yaodu)
    assert client.post(_township_url(ds, "B"), {"comment": "越权"}).status_code == 404
    response = client.post(reverse("reports:approve_county") + f"?campaign={ds.campaign.pk}", {"comment": "越权"})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not SignOff.objects.exists()


def test_county_approval_needs_every_township_or_a_reason(client, ds, reviewer, officer_yaodu):
    client.force_login(officer_yaodu)
    client.post(_township_url(ds, "A"), {"comment": "已核对"})
    client.force_login(reviewer)
    page = _approve(client, ds, comment="同意上报").content.decode()
    assert "以下乡镇尚未确认，须填写审核理由" in page and "东流镇" in page
    assert not SignOff.objects.filter(level="county").exists()

    page = _approve(client, ds, comment="同意上报", override_reason="东流镇等专干休假，县局已电话核实").content.decode()
    approval = SignOff.objects.get(level="county")
    assert approval.township is None and approval.override_reason == "东流镇等专干休假，县局已电话核实"
    assert "尧渡镇" not in approval.figures["unconfirmed"] and "东流镇" in approval.figures["unconfirmed"]
    assert approval.figures["row"]["name"] == "全县" and approval.figures["row"]["responses"] == 8
    assert "已审核全县报表" in page and "data-figures-changed" not in page

    add_response_to(ds, "B")
    page = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}").content.decode()
    assert "审核后数据已变动" in page
    assert "<td data-frozen>8</td>" in page and "<td data-now>9</td>" in page
    frozen = client.get(reverse("reports:signoff", args=[approval.pk])).content.decode()
    assert "东流镇等专干休假" in frozen and 'data-figure="responses">8<' in frozen and "<td data-now>9</td>" in frozen


def test_county_approval_without_reason_once_every_township_confirmed(client, ds, reviewer, townships):
    client.force_login(reviewer)
    for township in townships.values():  # a reviewer may confirm on a township's behalf
        client.post(reverse("reports:township", args=[township.pk]) + f"?campaign={ds.campaign.pk}", {"comment": "已核对"})
    page = _approve(client, ds, comment="同意上报").content.decode()
    approval = SignOff.objects.get(level="county")
    assert approval.override_reason == "" and approval.figures["unconfirmed"] == []
    assert "已审核全县报表" in page
