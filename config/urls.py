from django.conf import settings
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from accounts.views import admin_login_handover
from campaigns.staff import views_imports as import_views
from core.icons import favicon
from reports.views import exports as export_views

# A 503 when the database is unreachable, else a Chinese 500 page; neither needs the database.
handler500 = "core.errors.server_error"
# allauth's rate limits answer through this: its 429 page plus Retry-After.
handler429 = "core.errors.too_many_requests"

urlpatterns = [
    # Wagtail's login form is replaced: allauth is the only way in.
    path("admin/login/", admin_login_handover, name="wagtailadmin_login"),
    # Private files (uploaded registry lists, exports) outside Wagtail's admin wrapper, whose
    # sign-in redirect would tell a stranger the file exists: anyone but the owner and
    # administrators gets 404. Still under /admin/, so the MFA rule applies.
    path("admin/files/imports/<int:pk>/", import_views.original_file, name="private_import_file"),
    path("admin/files/exports/<uuid:pk>/", export_views.export_download_view, name="private_export_file"),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(wagtaildocs_urls)),
    # Signed image renditions (share images): a URL that resolves on any deployment.
    re_path(r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(action="serve"), name="wagtailimages_serve"),
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("campaigns.urls")),
    path("", include("surveys.urls")),
    path("", include("cms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
