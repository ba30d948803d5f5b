"""Access matrix: every report, dashboard and export URL × (anonymous, editor, officer of
尧渡镇, officer of 东流镇, reviewer); only the allowed succeed."""

import io

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from reports.models import ExportLog
from reports.signoff import sign_off_township

from .dataset import TEXT_ANSWER

pytestmark = pytest.mark.django_db

OK, DENIED, HIDDEN, LOGIN = "ok", 403, 404, "login"
USERS = ["anonymous", "editor", "officer_yaodu", "officer_dongliu", "reviewer"]


@pytest.fixture
def users(editor, officer_yaodu, officer_dongliu, reviewer):
    return {"anonymous": None, "editor": editor, "officer_yaodu": officer_yaodu,
            "officer_dongliu": officer_dongliu, "reviewer": reviewer}


def _outcome(response):
    if response.status_code == 302 and "login" in response["Location"]:
        return LOGIN
    if response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"):
        return DENIED  # Wagtail turns PermissionDenied into "no permission" + redirect home
    if response.status_code in (200, 302):
        return OK
    return response.status_code


def _matrix(ds, signoff_a):
    a, b = ds.towns["A"], ds.towns["B"]
    q1 = ds.questions[0]
    c = f"?campaign={ds.campaign.pk}"
    everyone = {"anonymous": LOGIN, "editor": DENIED, "officer_yaodu": OK, "officer_dongliu": OK, "reviewer": OK}
    only_a = {**everyone, "officer_dongliu": HIDDEN}
    only_b = {**everyone, "officer_yaodu": HIDDEN}
    return [
        ("get", reverse("reports:dashboard") + c, everyone),
        ("get", reverse("reports:breakdowns") + c, everyone),
        ("get", reverse("reports:least_known") + c, everyone),
        ("get", reverse("reports:method"), everyone),
        ("get", reverse("reports:question", args=[q1.pk]) + c, everyone),
        ("get", reverse("reports:township", args=[a.pk]) + c, only_a),
        ("get", reverse("reports:township", args=[b.pk]) + c, only_b),
        ("get", reverse("reports:township", args=[999999]) + c, {**everyone, "officer_yaodu": HIDDEN,
                                                                "officer_dongliu": HIDDEN, "reviewer": HIDDEN}),
        ("get", reverse("reports:signoff", args=[signoff_a.pk]), only_a),
        ("post", reverse("reports:export", args=["xlsx"]), everyone),
        ("post", reverse("reports:export", args=["csv"]), everyone),
        ("post", reverse("reports:export", args=["pdf"]), everyone),
        ("post_township_a", reverse("reports:export", args=["csv"]), only_a),
        ("get", reverse("reports:export_log"), {**everyone, "officer_yaodu": DENIED, "officer_dongliu": DENIED,
                                                  "reviewer": DENIED}),
        ("signoff_a", reverse("reports:township", args=[a.pk]) + c, only_a),
        ("post", reverse("reports:approve_county") + c, {**everyone, "officer_yaodu": DENIED, "officer_dongliu": DENIED}),
    ]


def test_access_matrix(client, ds, users, reviewer):
    signoff_a = sign_off_township(reviewer, ds.campaign, ds.towns["A"], "初审")
    failures = []
    for method, url, expected in _matrix(ds, signoff_a):
        for name in USERS:
            client.logout()
            if users[name] is not None:
                client.force_login(users[name])
            if method == "get":
                response = client.get(url)
            elif method == "signoff_a":
                response = client.post(url, {"comment": "已核对"})
            else:
                data = {"campaign": ds.campaign.pk}
                if method == "post_township_a":
                    data["township"] = ds.towns["A"].pk
                response = client.post(url, data)
            if _outcome(response) != expected[name]:
                failures.append((method, url, name, expected[name], response.status_code))
    assert failures == [], "\n".join(map(str, failures))


def test_administrator_sees_export_log(client, ds, administrator, officer_yaodu):
    client.force_login(officer_yaodu)
    client.post(reverse("reports:export", args=["csv"]), {"campaign": ds.campaign.pk, "channel_kind": "poster"})
    client.force_login(administrator)
    page = client.get(reverse("reports:export_log")).content.decode()
    assert officer_yaodu.email in page and "channel_kind=poster" in page and "尧渡镇" in page


def test_officer_dashboard_and_export_contain_only_own_township(client, ds, officer_yaodu):
    client.force_login(officer_yaodu)
    page = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}").content.decode()
    assert 'data-township="尧渡镇"' in page
    assert 'data-township="东流镇"' not in page and 'data-township="全县"' not in page
    # An officer asking for another township's export gets 404; a plain export is limited to their own.
    assert client.post(reverse("reports:export", args=["xlsx"]),
                       {"campaign": ds.campaign.pk, "township": ds.towns["B"].pk}).status_code == 404
    response = client.post(reverse("reports:export", args=["xlsx"]), {"campaign": ds.campaign.pk}, follow=True)
    wb = load_workbook(io.BytesIO(response.content))
    summary = [row[1] for row in wb["汇总"].iter_rows(min_row=2, values_only=True)]
    assert summary == ["尧渡镇"]
    detail = list(wb["明细"].iter_rows(min_row=2, values_only=True))
    assert len(detail) == 6 and {row[1] for row in detail} == {"尧渡镇"}  # 4 counted, 2 from outside the population
    assert {row[4] for row in wb["题目"].iter_rows(min_row=2, values_only=True)} == {"尧渡镇"}
    log = ExportLog.objects.get()
    assert log.township == ds.towns["A"] and log.user == officer_yaodu
    # The neutralised text answer of response #2 is in the officer's own detail.
    assert "'" + TEXT_ANSWER in [cell for row in detail for cell in row]


def test_other_users_export_is_hidden(client, ds, officer_yaodu, officer_dongliu):
    client.force_login(officer_yaodu)
    client.post(reverse("reports:export", args=["csv"]), {"campaign": ds.campaign.pk})
    log = ExportLog.objects.get()
    client.force_login(officer_dongliu)
    assert client.get(reverse("private_export_file", args=[log.pk])).status_code == 404
    assert client.get(reverse("reports:export_status", args=[log.pk])).status_code == 404


def test_bad_filters_do_not_500(client, ds, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}&date_from=2026-13-40&channel_kind=x")
    assert response.status_code == 200
    assert "有效日期" in response.content.decode() or "输入一个有效的日期" in response.content.decode()
    assert client.get(reverse("reports:dashboard") + "?campaign=999999").status_code == 404
    response = client.post(reverse("reports:township", args=[ds.towns["A"].pk]) + f"?campaign={ds.campaign.pk}",
                           {"comment": "  "})
    assert response.status_code == 200 and "请填写审核意见" in response.content.decode()


def test_export_status_and_download_matrix(client, ds, users, officer_yaodu):
    """An export's status and file belong to whoever made it (and administrators)."""
    client.force_login(officer_yaodu)
    client.post(reverse("reports:export", args=["xlsx"]), {"campaign": ds.campaign.pk})
    log = ExportLog.objects.get()
    expected = {"anonymous": LOGIN, "editor": DENIED, "officer_yaodu": OK, "officer_dongliu": HIDDEN, "reviewer": HIDDEN}
    failures = []
    for url in (reverse("reports:export_status", args=[log.pk]), reverse("private_export_file", args=[log.pk])):
        if "/files/" in url:  # the file: 404 for everyone but its owner, anonymous visitors included
            expected = {**expected, "editor": HIDDEN, "anonymous": HIDDEN}
        for name in USERS:
            client.logout()
            if users[name] is not None:
                client.force_login(users[name])
            response = client.get(url)
            if _outcome(response) != expected[name]:
                failures.append((url, name, response.status_code))
    assert failures == []


def test_firm_and_channel_history_and_usage_matrix(client, ds, users):
    """The history and usage screens of a firm and of a channel (they once failed with a
    FieldError): the township's officer and reviewers see them, another township's
    officer and editors get 404."""
    from campaigns.models import Enterprise

    firm = Enterprise.objects.filter(township=ds.towns["A"]).first()
    channel = ds.channels["A-poster"]
    expected = {"anonymous": LOGIN, "editor": HIDDEN, "officer_yaodu": OK, "officer_dongliu": HIDDEN, "reviewer": OK}
    # Officers see their channels in lists but have no permission to change them.
    per_viewset = {"canbao_enterprises": expected, "canbao_channels": {**expected, "officer_yaodu": DENIED}}
    failures = []
    for viewset, pk in (("canbao_enterprises", firm.pk), ("canbao_channels", channel.pk)):
        for action in ("history", "usage"):
            url = reverse(f"{viewset}:{action}", args=[pk])
            for name in USERS:
                client.logout()
                if users[name] is not None:
                    client.force_login(users[name])
                response = client.get(url)
                if _outcome(response) != per_viewset[viewset][name]:
                    failures.append((url, name, response.status_code, response.get("Location")))
    assert failures == [], "\n".join(map(str, failures))
