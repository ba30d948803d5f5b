"""Dashboard pages through HTTP: sign-off snapshots, question and breakdown pages, menu."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from reports.models import SignOff

from .dataset import add_response_to

pytestmark = pytest.mark.django_db


def test_signoff_freezes_figures_and_county_view_shows_it(client, ds, reviewer):
    client.force_login(reviewer)
    a = ds.towns["A"]
    url = reverse("reports:township", args=[a.pk]) + f"?campaign={ds.campaign.pk}"
    response = client.post(url, {"comment": "数据已核对"})
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    assert (signoff.signed_by, signoff.township, signoff.comment) == (reviewer, a, "数据已核对")
    assert signoff.figures["row"]["responses"] == 4 and signoff.figures["row"]["awareness"] == 0.5
    assert [q["position"] for q in signoff.figures["questions"]] == [3, 2, 1]

    add_response_to(ds, "A")  # a late response: 5 responses, 2 passed
    live = client.get(url).content.decode()
    assert 'data-figure="responses">5<' in live and "40.0%" in live
    frozen = client.get(reverse("reports:signoff", args=[signoff.pk])).content.decode()
    assert 'data-figure="responses">4<' in frozen and "50.0%" in frozen and "数据已核对" in frozen
    assert reviewer.email in frozen

    dashboard = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}").content.decode()
    assert "已审核确认 1 / 17 个乡镇" in dashboard
    assert reverse("reports:signoff", args=[signoff.pk]) in dashboard
    days = (ds.campaign.deadline - timezone.localdate()).days
    assert (f"（还剩 {days} 天）" if days >= 0 else "（已过截止日）") in dashboard
    english = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert (f" (days left: {days})" if days >= 0 else " (deadline passed)") in english.content.decode()
    assert "（" not in english.content.decode().split("reports-nav", 1)[1].split("</nav>", 1)[0]


def test_officer_confirms_only_own_township(client, ds, reviewer, officer_yaodu):
    client.force_login(officer_yaodu)
    url = reverse("reports:township", args=[ds.towns["A"].pk]) + f"?campaign={ds.campaign.pk}"
    assert "data-signoff-form" in client.get(url).content.decode()
    client.post(url, {"comment": "本乡镇已核对"})
    assert SignOff.objects.get().signed_by == officer_yaodu


def test_question_page_per_township_and_policy_link(client, ds, reviewer, officer_dongliu):
    q3 = ds.questions[2]
    url = reverse("reports:question", args=[q3.pk]) + f"?campaign={ds.campaign.pk}"
    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert "全县正确率：50.0%（4/8）" in page
    assert 'data-township="尧渡镇"' in page and "25.0%" in page and ds.policy_page.url in page
    client.force_login(officer_dongliu)
    page = client.get(url).content.decode()
    assert 'data-township="东流镇"' in page and 'data-township="尧渡镇"' not in page and "全县正确率" not in page


def test_breakdown_page_and_method_note(client, ds, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("reports:breakdowns") + f"?campaign={ds.campaign.pk}").content.decode()
    for text in ("按行业门类", "按企业规模", "按渠道类型", "海报", "服务大厅", "未关联", "A-poster"):
        assert text in page
    method = client.get(reverse("reports:method")).content.decode()
    assert "Wilson" in method and "384.16" in method and "f = (N − n) ÷ (N − 1)" in method
    assert "不计入比率的答卷" in method and "名录外" in method and "通用渠道" in method


def test_menu_only_for_report_readers(client, ds, editor, reviewer, officer_yaodu):
    for user, shown in ((editor, False), (reviewer, True), (officer_yaodu, True)):
        client.force_login(user)
        page = client.get(reverse("wagtailadmin_home")).content.decode()
        assert ("/admin/reports/method/" in page) is shown, user


def test_date_filter_excludes_later_responses(client, ds, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}&date_to=2026-05-31")
    rows = {r["name"]: r for r in response.context["rows"]}
    assert rows["尧渡镇"]["responses"] == 2 and rows["东流镇"]["responses"] == 0  # #3, #4 before June
    assert datetime.date(2026, 5, 31) == response.context["filters"].date_to


def test_campaign_without_survey_or_responses_renders(client, townships, reviewer):
    from campaigns.models import Campaign

    empty = Campaign.objects.create(name="空行动", starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 6, 30),
                                    deadline=datetime.date(2026, 6, 30))
    client.force_login(reviewer)
    q = f"?campaign={empty.pk}"
    for url in (reverse("reports:dashboard") + q, reverse("reports:breakdowns") + q,
                reverse("reports:township", args=[townships["尧渡镇"].pk]) + q):
        assert client.get(url).status_code == 200, url
    for fmt in ("xlsx", "csv", "pdf"):
        response = client.post(reverse("reports:export", args=[fmt]), {"campaign": empty.pk}, follow=True)
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment"), fmt


def test_export_with_bad_filters_is_refused_in_chinese(client, ds, reviewer):
    from reports.models import ExportLog

    client.force_login(reviewer)
    response = client.post(reverse("reports:export", args=["xlsx"]),
                           {"campaign": ds.campaign.pk, "date_from": "2026-06-10", "date_to": "2026-06-01"}, follow=True)
    assert "筛选条件有误，未导出" in response.content.decode() and "开始日期不能晚于结束日期" in response.content.decode()
    assert not ExportLog.objects.exists()


def test_least_known_page_ranks_and_links_policy(client, ds, reviewer, officer_yaodu):
    url = reverse("reports:least_known") + f"?campaign={ds.campaign.pk}"
    client.force_login(reviewer)
    page = client.get(url).content.decode()
    # County-wide: Q3 4/8, Q2 6/8, Q1 7/8 — lowest first, Q3 linked to its policy article.
    assert page.index("工伤保险费如何计算") < page.index("有雇工的个体工商户") < page.index("职工个人是否需要缴纳")
    assert "50.0%" in page and "25.9%–74.1%" in page  # Wilson(4, 8) corrected for N = 20 firms and f'href="{ds.policy_page.url}"' in page
    client.force_login(officer_yaodu)
    page = client.get(url).content.decode()
    assert "本乡镇范围" in page and "25.0%" in page  # 尧渡镇 Q3: 1/4
