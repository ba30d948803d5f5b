from django.urls import path

from . import draft_views, duplicate, result_views, views

app_name = "surveys"

urlpatterns = [
    path("s/r/<str:token>/", result_views.result, name="result"),
    path("s/r/<str:token>/consult/", result_views.consult, name="consult"),
    path("s/<str:code>/", views.answer, name="answer"),
    path("s/<str:code>/draft/", draft_views.save_draft, name="draft"),
    path("s/<str:code>/callback/", duplicate.callback, name="callback"),
]
