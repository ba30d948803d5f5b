"""The site's URLs plus two that fail, for the error-page tests."""

from django.db import OperationalError
from django.urls import path

from config.urls import handler500  # noqa: F401 - handler500 is read from here
from config.urls import urlpatterns as site_urlpatterns


def database_gone(request):
    raise OperationalError("could not connect to server: Connection refused")


def bug(request):
    raise RuntimeError("a bug")


urlpatterns = [path("test-errors/database/", database_gone), path("test-errors/bug/", bug), *site_urlpatterns]
