"""Report pages of a city campaign at every level: the drill-down a city reviewer follows
(city → county → township), what a county reviewer sees of the city (their county only,
in pages and exports), and the access matrix over levels: anonymous, editor, an officer of
a 方城县 township, the reviewers of 方城县, 唐河县 and 南阳市, and an unbound reviewer, for the
dashboard, the region pages of both counties and the city, a township page of each county
and the exports."""

import io
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from openpyxl import load_workbook

from django.urls import reverse

from accounts import roles

from ..conftest import TEST_TOTP_SECRET
from .levels_world import FANGCHENG, NANYANG, PLAN, TANGHE, build_city
from .test_access import DENIED, HIDDEN, LOGIN, OK, _outcome

pytestmark = pytest.mark.django_db
USERS = ["anonymous", "editor", "officer_fc", "reviewer_fc", "reviewer_th", "reviewer_city", "reviewer_all"]
FC_TOWNS = sorted((name for name, plan in PLAN.items() if plan[1] == FANGCHENG), key=lambda name: PLAN[name][0])
TH_TOWNS = [name for name, plan in PLAN.items() if plan[1] == TANGHE]


@pytest.fixture
def city(townships, settings):
    return build_city(settings)


@pytest.fixture
def users(city, make_user):
    def reviewer_of(code):
        user = make_user(roles.REVIEWER)
        user.profile.region = city.regions[code] if code else None
        user.profile.save()
        return user

    officer = make_user(roles.OFFICER, mfa=False)
    officer.profile.township = city.towns["凤瑞街道"]
    officer.profile.save()
    TOTP.activate(officer, TEST_TOTP_SECRET)
    return {"anonymous": None, "editor": make_user(roles.EDITOR), "officer_fc": officer,
            "reviewer_fc": reviewer_of(FANGCHENG), "reviewer_th": reviewer_of(TANGHE),
            "reviewer_city": reviewer_of(NANYANG), "reviewer_all": reviewer_of(None)}


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_access_matrix_over_levels(client, city, users):
    c = f"?campaign={city.campaign.pk}"
    region = {code: reverse("reports:region", args=[city.regions[code].pk]) + c for code in (FANGCHENG, TANGHE, NANYANG)}
    town = {name: reverse("reports:township", args=[city.towns[name].pk]) + c for name in ("凤瑞街道", "滨河街道")}
    base = {"anonymous": LOGIN, "editor": DENIED}
    everyone = {**base, **dict.fromkeys(USERS[2:], OK)}
    readers_of = {  # who may open each page of the city
        region[FANGCHENG]: {"reviewer_fc", "reviewer_city", "reviewer_all"},
        region[TANGHE]: {"reviewer_th", "reviewer_city", "reviewer_all"},
        region[NANYANG]: {"reviewer_city", "reviewer_all"},
        town["凤瑞街道"]: {"officer_fc", "reviewer_fc", "reviewer_city", "reviewer_all"},
        town["滨河街道"]: {"reviewer_th", "reviewer_city", "reviewer_all"},
    }
    matrix = [("get", reverse("reports:dashboard") + c, everyone)]
    matrix += [("get", url, {**base, **{u: OK if u in ok else HIDDEN for u in USERS[2:]}}) for url, ok in readers_of.items()]
    export = reverse("reports:export", args=["xlsx"])
    matrix += [("post", export, everyone),
               ("post", export, {**base, **{u: OK if u in readers_of[region[TANGHE]] else HIDDEN for u in USERS[2:]}},
                city.regions[TANGHE].pk)]
    failures = []
    for method, url, expected, *extra in matrix:
        for name in USERS:
            client.logout()
            if users[name] is not None:
                client.force_login(users[name])
            if method == "get":
                response = client.get(url)
            else:
                data = {"campaign": city.campaign.pk, **({"region": extra[0]} if extra else {})}
                response = client.post(url, data)
            if _outcome(response) != expected[name]:
                failures.append((method, url, extra, name, response.status_code, expected[name]))
    assert not failures, failures


def test_city_reviewer_drills_down_to_a_township(client, city, users):
    c = f"?campaign={city.campaign.pk}"
    page = _get(client, users["reviewer_city"], reverse("reports:dashboard") + c).content.decode()
    assert 'data-region="方城县"' in page and 'data-region="唐河县"' in page and 'data-township="南阳市"' in page
    county_url = re.search(r'<a href="(/[^"]*/region/\d+/\?[^"]*)">方城县</a>', page).group(1)
    page = client.get(county_url.replace("&amp;", "&")).content.decode()
    assert all(f'data-township="{name}"' in page for name in FC_TOWNS) and 'data-township="方城县"' in page
    assert not any(name in page for name in TH_TOWNS) and 'data-township="南阳市"' not in page
    town_url = re.search(r'<a href="(/[^"]*/township/\d+/\?[^"]*)">凤瑞街道</a>', page).group(1)
    response = client.get(town_url.replace("&amp;", "&"))
    assert response.status_code == 200 and response.context["row"]["name"] == "凤瑞街道"
    crumbs = [item["label"] for item in response.context["breadcrumbs_items"]][-4:]
    assert [str(label) for label in crumbs] == ["统计报表", "南阳市", "方城县", "凤瑞街道"]


def test_county_reviewer_sees_only_their_county_of_the_city(client, city, users):
    page = _get(client, users["reviewer_fc"], reverse("reports:dashboard") + f"?campaign={city.campaign.pk}")
    assert [row["name"] for row in page.context["rows"]] == FC_TOWNS
    assert page.context["total"]["name"] == "方城县" and page.context["county"] is None
    html = page.content.decode()
    assert not any(name in html for name in [*TH_TOWNS, "唐河县"])
    response = client.post(reverse("reports:export", args=["xlsx"]), {"campaign": city.campaign.pk}, follow=True)
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    assert [row[1] for row in list(wb["汇总"].values)[1:]] == [*FC_TOWNS, "方城县"]
    cells = {str(value) for sheet in wb.worksheets for row in sheet.values for value in row if value is not None}
    assert not cells & {*TH_TOWNS, "唐河县", "南阳市"}
    assert {"凤瑞街道", "释之乡"} <= cells


def test_method_page_defines_the_rows_above_the_township(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("reports:method")).content.decode()
    section = page[page.index("data-method-levels"):]
    for words in ("下辖乡镇之和", "服务于该区域", "N 取该区域全部小微企业数", "Wilson", "取下辖各县目标之和"):
        assert words in section, words
