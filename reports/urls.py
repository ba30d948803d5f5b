from django.urls import path

from .views.approval import CountyApprovalView, RegionApprovalView, SignOffDetailView
from .views.bulletins import (
    BulletinListView,
    bulletin_edit_view,
    bulletin_issue_view,
    bulletin_new_view,
    bulletin_pdf_view,
)
from .views.dashboard import BreakdownView, DashboardView, LeastKnownView, MethodView
from .views.exports import (
    ExportLogView,
    ExportStatusView,
    restart_export_view,
    start_export_view,
)
from .views.region import RegionView
from .views.township import QuestionView, TownshipView

app_name = "reports"
urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("breakdowns/", BreakdownView.as_view(), name="breakdowns"),
    path("facts/", LeastKnownView.as_view(), name="least_known"),
    path("method/", MethodView.as_view(), name="method"),
    path("region/<int:pk>/", RegionView.as_view(), name="region"),
    path("township/<int:pk>/", TownshipView.as_view(), name="township"),
    path("question/<int:pk>/", QuestionView.as_view(), name="question"),
    path("bulletins/", BulletinListView.as_view(), name="bulletins"),
    path("bulletins/new/", bulletin_new_view, name="bulletin_new"),
    path("bulletins/<int:pk>/edit/", bulletin_edit_view, name="bulletin_edit"),
    path("bulletins/<int:pk>/issue/", bulletin_issue_view, name="bulletin_issue"),
    path("bulletins/<int:pk>/pdf/", bulletin_pdf_view, name="bulletin_pdf"),
    path("approve/", CountyApprovalView.as_view(), name="approve_county"),
    path("approve/<int:region_pk>/", RegionApprovalView.as_view(), name="approve_region"),
    path("signoff/<int:pk>/", SignOffDetailView.as_view(), name="signoff"),
    path("export/<str:fmt>/", start_export_view, name="export"),
    path("exports/", ExportLogView.as_view(), name="export_log"),
    path("exports/<uuid:pk>/", ExportStatusView.as_view(), name="export_status"),
    path("exports/<uuid:pk>/restart/", restart_export_view, name="export_restart"),
]
