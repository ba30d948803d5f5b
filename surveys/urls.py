from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("s/r/<str:token>/", views.result, name="result"),
    path("s/r/<str:token>/consult/", views.consult, name="consult"),
    path("s/<str:code>/", views.answer, name="answer"),
]
