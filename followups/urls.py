from django.urls import path

from . import views

app_name = "followups"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("firm/<int:pk>/", views.firm_detail, name="firm"),
    path("notices/", views.notices, name="notices"),
    path("outcomes/", views.outcomes, name="outcomes"),
]
