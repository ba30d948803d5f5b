from django.urls import path

from .views.approval import CountyApprovalView
from .views.dashboard import BreakdownView, DashboardView, LeastKnownView, MethodView
from .views.exports import (
    ExportLogView,
    ExportStatusView,
    export_download_view,
    restart_export_view,
    start_export_view,
)
from .views.township import QuestionView, SignOffDetailView, TownshipView

app_name = "reports"
urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("breakdowns/", BreakdownView.as_view(), name="breakdowns"),
    path("facts/", LeastKnownView.as_view(), name="least_known"),
    path("method/", MethodView.as_view(), name="method"),
    path("township/<int:pk>/", TownshipView.as_view(), name="township"),
    path("question/<int:pk>/", QuestionView.as_view(), name="question"),
    path("approve/", CountyApprovalView.as_view(), name="approve_county"),
    path("signoff/<int:pk>/", SignOffDetailView.as_view(), name="signoff"),
    path("export/<str:fmt>/", start_export_view, name="export"),
    path("exports/", ExportLogView.as_view(), name="export_log"),
    path("exports/<uuid:pk>/", ExportStatusView.as_view(), name="export_status"),
    path("exports/<uuid:pk>/download/", export_download_view, name="export_download"),
    path("exports/<uuid:pk>/restart/", restart_export_view, name="export_restart"),
]
