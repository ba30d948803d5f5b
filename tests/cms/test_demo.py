"""load_demo's CMS step: content from the seed documents, idempotent."""

import subprocess

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision
from wagtailmedia.models import Media

from cms import demo
from cms.models import PolicyArticlePage, PublicityMonthPage, SearchDocument


def _counts():
    return (Page.objects.count(), Revision.objects.count(), Image.objects.count(), Document.objects.count(),
            Media.objects.count(), SearchDocument.objects.count())


def test_demo_builds_the_site_and_running_twice_changes_nothing(full_demo):
    assert PolicyArticlePage.objects.live().count() >= 6
    month = PublicityMonthPage.objects.get()
    assert month.events.values("township").distinct().count() >= 4
    assert month.posters.count() == 3
    video = Media.objects.get()
    assert video.type == "video" and video.duration > 0 and video.thumbnail
    assert video.file.size < 200 * 1024
    before = _counts()
    import io

    demo.load(io.StringIO(), seed=1)
    assert _counts() == before


def test_poster_print_pdfs_hold_chinese_text(full_demo, tmp_path):
    poster = PublicityMonthPage.objects.get().posters.select_related("print_document").first()
    path = poster.print_document.file.path
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    assert poster.title in text
