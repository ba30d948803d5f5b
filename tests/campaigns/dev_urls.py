"""The project's URLs plus MEDIA_ROOT served as in development (DEBUG's static())."""

from django.conf import settings
from django.conf.urls.static import static

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + list(project_urlpatterns)
