"""Demo content: home page, policy articles, FAQ, the 2023 publicity month with events,
posters, a video and leaflets, and the 宣传审核 workflow. Idempotent (looked up by slug)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group

from wagtail.models import GroupApprovalTask, Page, Site, Workflow, WorkflowPage, WorkflowTask
from wagtail.rich_text import RichText

from accounts.roles import REVIEWER
from campaigns.models import Township

from .demo_articles import ARTICLES, FAQ
from .models import (
    FAQPage,
    HomePage,
    PolicyArticlePage,
    PolicyIndexPage,
    Poster,
    PublicityEvent,
    PublicityMonthPage,
    StandardPage,
)

WORKFLOW_NAME = "宣传审核"


def load(stdout, seed: int) -> None:
    home = ensure_home_page()
    ensure_review_workflow()
    index = ensure_policy_index(home)
    created = sum(ensure_article(index, spec) for spec in ARTICLES)
    ensure_faq_page(home)
    ensure_about_page(home)
    ensure_publicity_month(home)
    stdout.write(f"cms: {PolicyArticlePage.objects.count()} policy articles ({created} new), publicity month, "
                 f"workflow {WORKFLOW_NAME}")


def link_home_campaign(stdout, seed: int) -> None:
    """The home page's survey button goes to 东至县's campaign: the demo site is 东至县's,
    and 南阳市's campaign, which starts the same day, has its own channels."""
    from campaigns.demo import demo_campaign

    home, campaign = HomePage.objects.first(), demo_campaign()
    if home is not None and campaign is not None and home.campaign_id is None:
        home.campaign = campaign
        home.save_revision().publish()
        stdout.write(f"cms: the home page's campaign is {campaign.name}")


HOME_DEFAULTS = {
    "intro": "小微企业参加工伤保险，企业减风险，职工有保障。了解政策、测算缴费、参加知晓度调查。",
    "bureau_address": "东至县政务服务中心社保登记窗口",
    "bureau_phone": "12333（人社服务热线）",
    "bureau_hours": "法定工作日办公时间",
}


def ensure_home_page() -> HomePage:
    """Make a published HomePage the root of the default site. Idempotent."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's placeholder "Welcome" page holds the slug "home"; remove it first.
        for child in root.get_children():
            if child.specific_class is Page:
                child.delete()
        home = root.add_child(instance=HomePage(title="东至县工伤保险参保宣传", slug="home", **HOME_DEFAULTS))
        home.save_revision().publish()
    elif not home.intro and not home.bureau_phone:
        # A home page made before the contact fields existed: fill them once.
        for field, value in HOME_DEFAULTS.items():
            setattr(home, field, value)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="参保")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def ensure_review_workflow() -> Workflow:
    """The 宣传审核 workflow (one group-approval task for 审核人) on the root page.
    Also created by migration cms.0004; repeated here so load_demo repairs an edited setup."""
    reviewers, _ = Group.objects.get_or_create(name=REVIEWER)
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
    return workflow


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _stream(blocks: list[tuple[str, object]]) -> list[tuple[str, object]]:
    return [(kind, RichText(value) if isinstance(value, str) else value) for kind, value in blocks]


def ensure_policy_index(home: HomePage) -> PolicyIndexPage:
    index = PolicyIndexPage.objects.child_of(home).filter(slug="policy").first()
    if index is None:
        index = _publish(home, PolicyIndexPage(
            title="政策解读", slug="policy", intro="工伤保险参保、缴费、工伤认定和待遇的政策解读。"
        ))
    return index


def ensure_article(index: PolicyIndexPage, spec: dict) -> bool:
    if PolicyArticlePage.objects.filter(slug=spec["slug"]).exists():
        return False
    article = PolicyArticlePage(
        title=spec["title"], slug=spec["slug"], summary=spec["summary"], issuing_body=spec["issuing_body"],
        document_number=spec["document_number"], issued_on=spec["issued_on"], body=_stream(spec["body"]),
    )
    article.tags.add(*spec["tags"])
    _publish(index, article)
    return True


def ensure_faq_page(home: HomePage) -> None:
    if not FAQPage.objects.filter(slug="faq").exists():
        _publish(home, FAQPage(
            title="常见问题", slug="faq", intro="<p>企业负责人最常问的工伤保险问题。</p>",
            body=[("faq", {"title": "参保与缴费", "items": [
                {"question": item["question"], "answer": RichText(item["answer"])} for item in FAQ
            ]})],
        ))


def ensure_about_page(home: HomePage) -> None:
    if not StandardPage.objects.filter(slug="about").exists():
        _publish(home, StandardPage(
            title="关于本站", slug="about", summary="本站由东至县人力资源和社会保障局主办。",
            body=[("paragraph", RichText(
                "<p>本站发布工伤保险政策解读、参保宣传月活动安排和宣传材料，并提供缴费测算和政策知晓度调查入口。"
                "个人信息仅用于统计分析，不对外公开。</p>"))],
        ))


EVENTS = [
    (datetime.date(2023, 4, 3), "上午9:00—11:30", "宣传月启动仪式暨政策咨询", "尧渡镇", "县政务服务中心广场",
     "县人力资源和社会保障局", "发放宣传单，现场解答参保和缴费问题。"),
    (datetime.date(2023, 4, 7), "上午9:00—11:00", "小微企业参保政策宣讲会", "东至经济开发区", "经开区管委会会议室",
     "县经开区管委会人力资源部", "面向园区小微企业负责人讲解参保方式和费率。"),
    (datetime.date(2023, 4, 12), "下午2:30—4:30", "乡镇社保所集中宣传日", "东流镇", "东流镇便民服务中心",
     "东流镇就业保障所", "设咨询台，现场扫码参加知晓度调查。"),
    (datetime.date(2023, 4, 18), "上午9:00—11:30", "工伤认定与待遇咨询", "大渡口镇", "大渡口镇政府一楼大厅",
     "大渡口镇就业保障所", "讲解工伤认定申请时限和所需材料。"),
    (datetime.date(2023, 4, 25), "上午9:00—11:00", "个体工商户参保上门走访", "胜利镇", "胜利镇集镇商户",
     "胜利镇就业保障所、胜利市场监督管理所", "走访有雇工的个体工商户，发放告知书。"),
]


def ensure_publicity_month(home: HomePage) -> PublicityMonthPage:
    from .demo_media import ensure_posters, ensure_subtitles, ensure_video

    page = PublicityMonthPage.objects.filter(slug="2023-publicity-month").first()
    if page is not None:
        return page
    townships = {t.name: t for t in Township.objects.all()}
    video = ensure_video()
    subtitles = ensure_subtitles()
    posters = ensure_posters()
    page = PublicityMonthPage(
        title="2023年工伤保险参保宣传月", slug="2023-publicity-month",
        starts_on=datetime.date(2023, 4, 1), ends_on=datetime.date(2023, 4, 30),
        slogan="参加工伤保险，企业减风险，职工有保障",
        intro="<p>2023年4月，东至县在各乡镇、经开区集中开展小微民营企业参加工伤保险宣传，统一海报、短视频和宣传单，"
              "宣传下沉到乡镇就业保障所。</p>",
        materials=[("video", {"video": video, "caption": "30秒了解工伤保险", "subtitles": subtitles})]
        + [("leaflet", {"document": document, "title": f"宣传单：{spec['title']}"}) for spec, _image, document in posters[:1]],
    )
    for date, time, title, township, place, organiser, description in EVENTS:
        if township in townships:
            page.events.add(PublicityEvent(date=date, time=time, title=title, township=townships[township], place=place,
                                           organiser=organiser, description=description))
    for spec, image, document in posters:
        page.posters.add(Poster(title=spec["title"], image=image, print_document=document,
                                alt_text=f"海报：{spec['title']}，" + "，".join(spec["lines"])))
    return _publish(home, page)
