from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("q/<str:code>", views.scan, name="scan"),
    path("q/<str:code>/", views.scan),
]
