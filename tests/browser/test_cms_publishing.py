"""Editor writes an article with a video → submits → reviewer approves → a phone sees it."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail.models import Collection

from accounts.roles import sync_role_permissions
from cms import demo
from cms.demo_media import ensure_video
from cms.permissions import grant_collection_permissions
from tests.browser.conftest import complete_sign_in

# The live server does not serve uploaded media (production's web server does): this
# module doubles as the URLconf that adds it in front of the project's URLs.
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("config.urls")),
]

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls(__name__)]


@pytest.fixture
def policy_site(wagtail_site, townships):
    # Transactional tests flush what migrations created: the root collection and its permissions too.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    grant_collection_permissions()
    sync_role_permissions()  # page permissions need the root page, which may postdate the users
    demo.ensure_review_workflow()
    index = demo.ensure_policy_index(wagtail_site)
    video = ensure_video()
    return index, video


def sign_in(context, base_url, email, totp=False):
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(f"{base_url}/accounts/login/?next=/admin/")
    complete_sign_in(page, email, totp_secret=None if totp else False)
    page.wait_for_url(f"{base_url}/admin/")
    return page


def open_block_menu(admin):
    """Open the StreamField's block chooser. On a loaded machine the first click can land
    before Wagtail's script has wired the button (or while the date picker still has focus),
    so click again until the menu shows, as a person would."""
    add = admin.locator("[data-streamfield-stream-container] button[title], .c-sf-add-button").first
    option = admin.get_by_role("option", name="视频")
    for _ in range(4):
        add.click()
        try:
            option.wait_for(state="visible", timeout=4000)
            return
        except PlaywrightTimeoutError:
            admin.keyboard.press("Escape")
    option.wait_for(state="visible", timeout=4000)


def test_editor_submits_reviewer_approves_phone_plays_video(browser, page, live_server, editor, reviewer, policy_site,
                                                             screenshot):
    index, video = policy_site
    base = live_server.url
    desktop = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}

    # 1. The publicity editor writes the article with a video block and submits it.
    editor_context = browser.new_context(**desktop)
    admin = sign_in(editor_context, base, editor.email)
    admin.goto(f"{base}/admin/pages/add/cms/policyarticlepage/{index.pk}/")
    admin.fill("input[name=title]", "参保宣传短视频上线")
    admin.fill("textarea[name=summary]", "三十秒看懂小微企业为什么要参加工伤保险。")
    # Wagtail fills the slug from the title when the title loses focus, in script; under load
    # that can come after the submit, so the editor's own slug is typed on the 推荐 tab.
    admin.get_by_role("tab", name="推荐").click()
    admin.fill("input[name=slug]", "video-launch")
    admin.get_by_role("tab", name="内容").click()
    admin.fill("input[name=issued_on]", "2023-04-20")
    admin.keyboard.press("Escape")
    open_block_menu(admin)
    screenshot("cms-editor-block-menu", admin)
    admin.get_by_role("option", name="视频").click()
    admin.locator("[data-chooser-action-choose], .action-choose").first.click()
    admin.get_by_role("link", name=video.title).click()
    admin.fill("input[name$='-value-caption']", "三十秒了解工伤保险")
    screenshot("cms-editor-article", admin)
    admin.locator("footer .w-dropdown__toggle").click()
    with admin.expect_navigation():
        admin.get_by_role("button", name="提交给宣传审核").click()
    screenshot("cms-editor-submitted", admin)
    editor_context.close()

    from cms.models import PolicyArticlePage

    article = PolicyArticlePage.objects.get(title="参保宣传短视频上线")
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"
    public_url = f"{base}/policy/{article.slug}/"
    assert page.goto(public_url).status == 404

    # 2. The reviewer (password + TOTP) approves it.
    reviewer_context = browser.new_context(**desktop)
    review = sign_in(reviewer_context, base, reviewer.email, totp=True)
    review.goto(f"{base}/admin/pages/{article.pk}/edit/")
    screenshot("cms-reviewer-edit", review)
    approve = review.locator("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    if not approve.is_visible():
        review.locator("footer .w-dropdown__toggle").click()
    with review.expect_navigation():
        approve.click()
    screenshot("cms-reviewer-approved", review)
    reviewer_context.close()
    article.refresh_from_db()
    assert article.live

    # 3. An anonymous visitor on a phone sees it and the video loads.
    response = page.goto(public_url)
    assert response.status == 200
    assert page.locator("h1").inner_text() == "参保宣传短视频上线"
    player = page.locator("video")
    assert player.get_attribute("controls") is not None
    assert player.get_attribute("poster")
    page.wait_for_function("() => { const v = document.querySelector('video'); return v && v.readyState >= 1; }")
    duration = page.evaluate("document.querySelector('video').duration")
    assert duration > 0
    screenshot("cms-phone-article-with-video")
