"""The region screens: who may list, edit and import regions (accounts.roles), and the tree."""

import pytest

from django.urls import reverse

from accounts import roles
from regions.models import Region, RegionImport
from regions.tree import load_reference_regions

from .conftest import csv_bytes, nanyang_rows, upload


@pytest.fixture
def county_reviewer(make_user, townships):
    load_reference_regions()
    user = make_user(roles.REVIEWER)
    user.profile.region = Region.objects.get(code="411322000000")  # 方城县
    user.profile.save()
    return user


@pytest.mark.parametrize("who", ["officer_yaodu", "editor", "county_reviewer"])
def test_only_administrators_and_unbound_reviewers_import(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("canbao_regions:import_upload")).status_code == 404
    assert upload(client, csv_bytes(nanyang_rows())).status_code == 404
    assert RegionImport.objects.count() == 0


def test_their_batches_and_confirm_are_hidden_too(client, administrator, county_reviewer):
    client.force_login(administrator)
    upload(client, csv_bytes(nanyang_rows()))
    batch = RegionImport.objects.get()
    client.force_login(county_reviewer)
    assert client.get(reverse("canbao_regions:import_detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("canbao_regions:import_confirm", args=[batch.pk])).status_code == 404
    assert not Region.objects.filter(code="411302001000").exists()
    batch.refresh_from_db()
    assert batch.status == RegionImport.Status.PREVIEWED


def test_an_unbound_reviewer_imports(client, reviewer, townships):
    client.force_login(reviewer)
    assert client.get(reverse("canbao_regions:import_upload")).status_code == 200
    assert upload(client, csv_bytes(nanyang_rows())).status_code == 302


def test_the_tree_for_an_administrator_and_for_a_county_reviewer(client, administrator, county_reviewer, townships):
    client.force_login(administrator)
    page = client.get(reverse("canbao_regions:list")).content.decode()
    assert page.index("河南省") < page.index("南阳市") < page.index("宛城区") < page.index("邓州市")
    assert page.index("安徽省") < page.index("池州市") < page.index("东至县")
    assert 'data-code="341721000000"' in page and "<td>17</td>" in page  # 东至县's townships
    assert "导入区划名单" in page and reverse("canbao_regions:edit", args=[Region.objects.get(code="411322000000").pk]) in page

    client.force_login(county_reviewer)
    page = client.get(reverse("canbao_regions:list")).content.decode()
    assert "方城县" in page and "唐河县" not in page and "东至县" not in page
    assert "导入区划名单" not in page and "编辑" not in page


@pytest.mark.parametrize("who", ["officer_yaodu", "editor"])
def test_officers_and_editors_do_not_see_the_tree(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("canbao_regions:list")).status_code == 404


def test_administrators_edit_a_region_name_and_phone(client, administrator, county_reviewer):
    fangcheng = Region.objects.get(code="411322000000")
    url = reverse("canbao_regions:edit", args=[fangcheng.pk])
    client.force_login(county_reviewer)
    assert client.post(url, {"name": "改名", "office_phone": "1"}).status_code == 404
    client.force_login(administrator)
    response = client.post(url, {"name": "方城县", "office_phone": "0377-67222333"})
    assert response.status_code == 302
    fangcheng.refresh_from_db()
    assert fangcheng.office_phone == "0377-67222333"
    response = client.post(url, {"name": "", "office_phone": ""})
    assert response.status_code == 400 and "error-message" in response.content.decode()
    assert Region.objects.get(pk=fangcheng.pk).name == "方城县"


def test_the_settings_menu_shows_regions_to_reviewers_only(client, administrator, officer_yaodu):
    client.force_login(administrator)
    assert reverse("canbao_regions:list") in client.get("/admin/").content.decode()
    client.force_login(officer_yaodu)
    assert reverse("canbao_regions:list") not in client.get("/admin/").content.decode()
