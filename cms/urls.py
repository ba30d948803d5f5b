from django.urls import path, re_path

from . import caching, views

urlpatterns = [
    path("search/", views.search_view, name="cms_search"),
    path("estimate/", views.estimator_view, name="cms_estimator"),
    # Wagtail's page URLs, served through the anonymous page cache (Wagtail's own
    # catch-all stays behind it; its _util/ URLs are left to it).
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", caching.serve_page, name="cms_serve"),
]
