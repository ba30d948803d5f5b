"""Keep the search index and the page cache in step with what is published."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .caching import bump_content_version


def _reindex(sender, instance, **kwargs):
    from .search import index_page

    index_page(instance)
    bump_content_version()


def connect() -> None:
    page_published.connect(_reindex, dispatch_uid="cms_reindex_published")
    page_unpublished.connect(_reindex, dispatch_uid="cms_reindex_unpublished")
    post_page_move.connect(bump_content_version, dispatch_uid="cms_bump_moved")
    post_delete.connect(bump_content_version, sender=Page, dispatch_uid="cms_bump_page_deleted")
    # The home page shows campaign links and pages show media: changes to them expire pages too.
    for label in ("campaigns.Campaign", "campaigns.Channel", "wagtailimages.Image", "wagtaildocs.Document",
                  "wagtailmedia.Media"):
        post_save.connect(bump_content_version, sender=label, dispatch_uid=f"cms_bump_save_{label}")
        post_delete.connect(bump_content_version, sender=label, dispatch_uid=f"cms_bump_delete_{label}")
