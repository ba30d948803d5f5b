"""An administrator binds a reviewer to a region (and an officer to a township) on Wagtail's
user screens, and the binding is what roles.py reads."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from regions.models import Region
from regions.tree import load_reference_regions


def user_form(user, **extra):
    data = {"username": user.username, "email": user.email, "first_name": "审", "last_name": "核",
            "is_active": "on", "groups": [g.pk for g in user.groups.all()]}
    return data | extra


def test_admin_binds_a_reviewer_to_a_county_through_the_user_edit_screen(client, administrator, make_user, townships):
    load_reference_regions()
    fangcheng, tanghe = Region.objects.get(code="411322000000"), Region.objects.get(code="411328000000")
    reviewer = make_user(roles.REVIEWER)
    assert roles.sees_everything(reviewer)
    client.force_login(administrator)
    url = reverse("wagtailusers_users:edit", args=[reviewer.pk])
    page = client.get(url).content.decode()
    assert "所属区域" in page and "方城县（县级，411322）" in page and "所属乡镇" in page

    response = client.post(url, user_form(reviewer, region=fangcheng.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    reviewer = get_user_model().objects.get(pk=reviewer.pk)
    assert reviewer.profile.region == fangcheng
    assert roles.reviewer_region(reviewer) == fangcheng and not roles.sees_everything(reviewer)
    assert roles.may_see_region(reviewer, fangcheng) and not roles.may_see_region(reviewer, tanghe)
    assert f'value="{fangcheng.pk}" selected' in client.get(url).content.decode()

    client.post(url, user_form(reviewer, region=""))  # cleared: the whole deployment again
    assert get_user_model().objects.get(pk=reviewer.pk).profile.region is None


def test_admin_creates_an_officer_bound_to_a_township(client, administrator, townships):
    client.force_login(administrator)
    officers = Group.objects.get(name=roles.OFFICER)
    response = client.post(reverse("wagtailusers_users:add"), {
        "username": "zhuangan", "email": "zhuangan@example.test", "first_name": "专", "last_name": "干",
        "password1": "a-long-test-password-1", "password2": "a-long-test-password-1", "is_active": "on",
        "groups": [officers.pk], "township": townships["尧渡镇"].pk,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    officer = get_user_model().objects.get(username="zhuangan")
    assert roles.officer_township(officer) == townships["尧渡镇"]


def test_a_bound_reviewer_cannot_edit_users(client, make_user, townships):
    reviewer = make_user(roles.REVIEWER)
    client.force_login(reviewer)
    response = client.post(reverse("wagtailusers_users:edit", args=[reviewer.pk]), user_form(reviewer, region=""))
    assert response.status_code in (302, 403)
    assert not get_user_model().objects.filter(pk=reviewer.pk, profile__region__isnull=False).exists()
    assert response.status_code == 403 or response["Location"] == "/admin/"
