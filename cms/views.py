"""Public views outside the page tree: search and the contribution estimator."""

from django.shortcuts import render

from .estimator import EstimatorForm
from .search import search


def search_view(request):
    query = request.GET.get("q", "").strip()[:100]
    hits = search(query) if query else []
    return render(request, "cms/search.html", {"query": query, "hits": hits})


def estimator_view(request):
    if "payroll" in request.GET or "industry" in request.GET:
        form = EstimatorForm(request.GET)
    else:  # a link from a result page fills in the headcount, without any error shown yet
        form = EstimatorForm(initial={"headcount": request.GET.get("headcount", "")[:10]})
    estimate = form.estimate() if form.is_bound and form.is_valid() else None
    return render(request, "cms/estimator.html", {"form": form, "estimate": estimate})
