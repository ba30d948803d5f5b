"""QR downloads per channel and the campaign's all-posters PDF (built in the background)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.roles import may_lead_region, may_see_campaign, may_see_channel, may_see_township
from core.jobs import sweep_stale_jobs

from ..models import Campaign, Channel, PosterBundle, Township
from ..poster_packs import file_stem, township_pack
from ..posters import LAYOUTS, poster_pdf
from ..qr import channel_url, qr_matrix, render_png, render_svg


def channel_qr(request, pk: int, fmt: str):
    if not request.user.has_perm("campaigns.view_channel"):
        raise PermissionDenied
    channel = get_object_or_404(Channel.objects.select_related("campaign", "township", "region"), pk=pk)
    if not may_see_channel(request.user, channel):
        raise Http404
    url = channel_url(channel)
    matrix = qr_matrix(url)
    name = file_stem(channel)
    if fmt == "png":
        response = HttpResponse(render_png(matrix), content_type="image/png")
    elif fmt == "svg":
        response = HttpResponse(render_svg(matrix), content_type="image/svg+xml")
    elif fmt == "pdf":
        layout = request.GET.get("layout", "a4")
        if layout not in LAYOUTS:
            raise Http404
        response = HttpResponse(poster_pdf(channel, matrix, url, layout), content_type="application/pdf")
        name = name if layout == "a4" else f"{name}-{layout}"
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def township_zip(request, pk: int, township: int):
    """Every poster of one township in a campaign: for its officer (own township only) or an editor."""
    if not request.user.has_perm("campaigns.view_channel"):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign, pk=pk)
    place = get_object_or_404(Township, pk=township)
    if not may_see_township(request.user, place) or not may_see_campaign(request.user, campaign):
        raise Http404
    response = HttpResponse(township_pack(campaign, place), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="posters-{campaign.pk}-{place.code}.zip"'
    return response


def bundles(request, pk: int):
    """GET: the campaign's poster PDFs with progress; POST: build a new one."""
    from ..tasks import build_poster_bundle

    if not request.user.has_perm("campaigns.add_posterbundle"):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign, pk=pk)
    if not may_lead_region(request.user, campaign.region):  # every poster of the campaign's region
        raise Http404
    if request.method == "POST":
        bundle = PosterBundle.objects.create(campaign=campaign)
        build_poster_bundle.enqueue(bundle.pk)
        messages.success(request, _("已开始生成全部海报，完成后可在下方下载。"))
        return redirect("canbao_posters:bundles", pk=pk)
    sweep_stale_jobs()  # a PDF whose worker was killed shows as failed; the button above starts a new one
    items = list(campaign.poster_bundles.all()[:10])
    context = {
        "campaign": campaign, "bundles": items, "channel_count": campaign.channels.filter(is_active=True).count(),
        "running": any(b.status in (PosterBundle.Status.PENDING, PosterBundle.Status.RUNNING) for b in items),
        "page_title": _("%(name)s · 全部海报") % {"name": campaign.name}, "header_icon": "doc-full",
    }
    return TemplateResponse(request, "campaigns/staff/poster_bundles.html", context)


def bundle_download(request, pk: int):
    if not request.user.has_perm("campaigns.add_posterbundle"):
        raise PermissionDenied
    bundle = get_object_or_404(PosterBundle.objects.select_related("campaign__region"), pk=pk,
                               status=PosterBundle.Status.DONE)
    if not may_lead_region(request.user, bundle.campaign.region):
        raise Http404
    return FileResponse(bundle.file.open("rb"), as_attachment=True, filename=f"posters-campaign-{bundle.campaign_id}.pdf",
                        content_type="application/pdf")
