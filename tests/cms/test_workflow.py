"""The 宣传审核 workflow: editors submit, only reviewers publish."""

import datetime
import time

import pytest

from django.test import Client
from django.urls import reverse

from wagtail.models import Page, Workflow, WorkflowPage
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from accounts.roles import REVIEWER
from cms.models import PolicyArticlePage
from cms.search import search


def test_migration_puts_the_review_workflow_on_the_whole_site(db):
    workflow = Workflow.objects.get(name="宣传审核")
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [REVIEWER]


def _add_article_form(client, index, title, slug):
    url = reverse("wagtailadmin_pages:add", args=("cms", "policyarticlepage", index.pk))
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data["title"] = title
    data["slug"] = slug
    data["summary"] = "测试摘要：工伤保险宣传。"
    data["issued_on"] = "2023-04-01"
    return url, _with_body(data)


def _with_body(data, html="<p>测试正文：审核前不得公开。</p>"):
    # The StreamField editor is built by JavaScript, so its inputs are not in the served HTML.
    data["body-count"] = "1"
    data.update({"body-0-type": "paragraph", "body-0-order": "0", "body-0-deleted": "", "body-0-id": "",
                 "body-0-value": rich_text(html)})
    return data


def test_editor_cannot_publish_directly(client, editor, articles):
    client.force_login(editor)
    url, data = _add_article_form(client, articles, "编辑直接发布的文章", "editor-direct")
    data["action-publish"] = "action-publish"
    client.post(url, data)
    page = PolicyArticlePage.objects.filter(slug="editor-direct").first()
    assert page is None or not page.live
    assert client.get("/policy/editor-direct/").status_code == 404
    assert not search("编辑直接发布")


def test_editor_cannot_publish_an_existing_draft(client, editor, articles):
    article = PolicyArticlePage.objects.get(slug="injury-determination")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    data = _with_body(querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form"))
    data["title"] = "被编辑改过的标题"
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.title != "被编辑改过的标题"
    assert article.get_latest_revision().content["title"] == "被编辑改过的标题"  # saved as a draft only
    assert "被编辑改过的标题" not in Client().get("/policy/injury-determination/").content.decode()


def test_editor_submits_and_reviewer_approves(client, editor, reviewer, articles):
    client.force_login(editor)
    url, data = _add_article_form(client, articles, "送审的文章", "submitted-article")
    data["action-submit"] = "action-submit"
    response = client.post(url, data)
    assert response.status_code == 302
    page = PolicyArticlePage.objects.get(slug="submitted-article")
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.workflow.name == "宣传审核"
    client.logout()
    assert client.get("/policy/submitted-article/").status_code == 404

    client.force_login(reviewer)
    action = reverse("wagtailadmin_pages:workflow_action",
                     args=(page.pk, "approve", state.current_task_state.pk))
    response = client.post(action, {"comment": "同意发布"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    client.logout()
    assert "审核前不得公开" in client.get("/policy/submitted-article/").content.decode()
    assert any(hit.page.slug == "submitted-article" for hit in search("送审"))


def test_reviewer_rejects_with_a_comment(client, editor, reviewer, articles):
    client.force_login(editor)
    url, data = _add_article_form(client, articles, "被退回的文章", "rejected-article")
    data["action-submit"] = "action-submit"
    client.post(url, data)
    page = PolicyArticlePage.objects.get(slug="rejected-article")
    state = page.current_workflow_state
    client.force_login(reviewer)
    action = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", state.current_task_state.pk))
    client.post(action, {"comment": "文号有误，请修改"})
    page.refresh_from_db()
    state.refresh_from_db()
    assert not page.live
    assert state.status == "needs_changes"
    assert state.current_task_state.comment == "文号有误，请修改"


def test_scheduled_go_live_publishes_when_due(client, reviewer, articles):
    from django.core.management import call_command
    from django.utils import timezone

    page = articles.add_child(instance=PolicyArticlePage(
        title="定时发布的文章", slug="scheduled", summary="定时", issued_on=datetime.date(2023, 5, 1),
        body=[("paragraph", RichText("<p>定时发布的正文</p>"))], live=False,
    ))
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    revision = page.save_revision(user=reviewer)
    revision.publish(user=reviewer)
    page.refresh_from_db()
    assert not page.live
    assert client.get("/policy/scheduled/").status_code == 404
    time.sleep(2.1)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert client.get("/policy/scheduled/").status_code == 200


@pytest.mark.parametrize("role_fixture", ["editor"])
def test_editor_role_has_no_publish_permission(request, role_fixture, articles):
    user = request.getfixturevalue(role_fixture)
    article = PolicyArticlePage.objects.get(slug="injury-determination")
    perms = article.permissions_for_user(user)
    assert perms.can_edit() and not perms.can_publish()
