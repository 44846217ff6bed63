"""The campaigns part: finding campaigns (a background run whose progress the page shows), a
campaign's responses and the analysts' decisions on it, and the downloads. Reading is for
whoever may analyse the consultation (also in an archived workspace); starting a run and
deciding about a campaign change its analysis (`change`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.services import audit
from workspaces.kit.views import crumbs, with_item, workspace_view
from workspaces.lib.exports import csv_response, xlsx_response
from workspaces.permissions import can, require

from . import campaigns as grouping
from . import counts, exports, selectors, tasks
from .models import Campaign, Response

VIEW = "consultations.view_consultation"
ANALYSE = "consultations.analyse_consultation"
CHANGE = "consultations.change_consultation"
EXCERPT = 300  # characters of a campaign's representative text in the list
ACTIONS = ("confirm", "split", "ungroup")


def _url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}",
                   kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk, **kwargs})


def _crumbs(request, consultation, *trail):
    return crumbs(request, (consultation.title, consultation.get_absolute_url()), *trail)


# --- Campaigns -----------------------------------------------------------------------------------


@workspace_view(VIEW)
@with_item(selectors.get_consultation, ANALYSE)
def campaigns(request, consultation):
    """The campaigns found, biggest first; "Find campaigns" (POST) starts a run, and while it
    runs the page shows how far it has got (polled every 2 seconds with htmx; a Refresh link
    without JavaScript)."""
    if request.method == "POST":
        require(request.user, CHANGE, consultation)
        try:
            tasks.find_campaigns(actor=request.user, consultation=consultation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Finding campaigns. This page shows how far it has got.")
        return redirect(_url("campaigns", consultation))
    run = grouping.latest_run(consultation)
    running = run is not None and grouping.active_run(consultation) is not None and run.state in grouping.ACTIVE
    context = {"workspace": request.workspace, "consultation": consultation, "run": run, "running": running,
               "progress_url": _url("campaigns", consultation) + "?progress=1"}
    if request.GET.get("progress") == "1" and getattr(request, "htmx", False):
        answer = render(request, "consultations/campaigns/_progress.html", context)
        if not running:
            answer["HX-Refresh"] = "true"  # finished: the whole page, with the campaigns found
        return answer
    page = keyset_page(request, grouping.campaigns_of(consultation), ("size", "id"), descending=True)
    if page is None:
        return redirect(first_page_url(request))
    texts = grouping.texts_of([c.representative_id for c in page.object_list if c.representative_id])
    rows = [(campaign, texts.get(campaign.representative_id, "")) for campaign in page.object_list]
    return render(request, "consultations/campaigns/campaigns.html", {
        **context, "page_obj": page, "rows": rows, "totals": counts.totals(consultation), "excerpt": EXCERPT,
        "may_change": can(request.user, CHANGE, consultation),
        "crumbs": _crumbs(request, consultation, ("Campaigns", "")),
    })


def _campaign_of(consultation, campaign_id):
    return get_object_or_404(Campaign.objects.select_related("representative", "confirmed_by"),
                             consultation=consultation, pk=campaign_id)


@workspace_view(VIEW)
@with_item(selectors.get_consultation, ANALYSE)
def campaign(request, consultation, campaign):
    """One campaign: its representative text, then its responses a page at a time (each with
    its own text, which may differ a little), with Confirm, Split out and Ungroup."""
    found = _campaign_of(consultation, campaign)
    members = Response.objects.filter(campaign=found).only("id", "public_id", "submitted_at", "signature_count",
                                                           "organisation_name", "channel", "text_hash")
    page = keyset_page(request, members, ("id",), total=found.size)
    if page is None:
        return redirect(first_page_url(request))
    wanted = [r.pk for r in page.object_list] + ([found.representative_id] if found.representative_id else [])
    texts = grouping.texts_of(wanted)
    return render(request, "consultations/campaigns/campaign.html", {
        "workspace": request.workspace, "consultation": consultation, "campaign": found, "page_obj": page,
        "rows": [(response, texts.get(response.pk, "")) for response in page.object_list],
        "representative_text": texts.get(found.representative_id, ""),
        "may_change": can(request.user, CHANGE, consultation),
        "act_url": _url("campaign_act", consultation, campaign=found.pk),
        "crumbs": _crumbs(request, consultation, ("Campaigns", _url("campaigns", consultation)),
                          (f"Campaign of {found.size:,} responses", "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, CHANGE)
def campaign_act(request, consultation, campaign):
    """POST: action=confirm | split (with response=<public id>) | ungroup."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = _campaign_of(consultation, campaign)
    action = request.POST.get("action", "")
    back = _url("campaign", consultation, campaign=found.pk)
    try:
        if action == "confirm":
            grouping.confirm(actor=request.user, campaign=found)
            messages.success(request, "Campaign confirmed: finding campaigns again will keep it.")
        elif action == "split":
            public_id = request.POST.get("response", "")[:20]
            response = Response.objects.filter(consultation=consultation, public_id=public_id).first()
            if response is None:
                raise ValidationError(grouping.NOT_A_MEMBER)
            left = grouping.split_out(actor=request.user, campaign=found, response=response)
            messages.success(request, f"Response {response.public_id} split out: it counts as an individual "
                                      "response, and stays out if campaigns are found again.")
            if left is None:
                messages.info(request, "The campaign had only one response left, so it was removed.")
                return redirect(_url("campaigns", consultation))
        elif action == "ungroup":
            size = grouping.ungroup(actor=request.user, campaign=found)
            messages.success(request, f"Campaign ungrouped: its {size:,} responses count as individual responses.")
            return redirect(_url("campaigns", consultation))
        else:
            raise ValidationError("Choose what to do with the campaign.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


# --- Exports ---------------------------------------------------------------------------------------


@workspace_view(VIEW)
@with_item(selectors.get_consultation, ANALYSE)
def exports_page(request, consultation):
    tables = [(what, exports.TITLES[what], [(fmt, _url("export", consultation, what=what, fmt=fmt))
                                             for fmt in exports.FORMATS]) for what in exports.TABLES]
    return render(request, "consultations/campaigns/exports.html", {
        "workspace": request.workspace, "consultation": consultation, "tables": tables,
        "totals": counts.totals(consultation),
        "crumbs": _crumbs(request, consultation, ("Download", "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, ANALYSE)
def export(request, consultation, what, fmt):
    """A table as CSV or XLSX, streamed; the download is recorded in the audit log."""
    if what not in exports.TABLES or fmt not in exports.FORMATS:
        raise Http404("There is no such download.")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    audit(actor=request.user, action="consultation.exported", workspace=request.workspace, target=consultation,
          after={"table": what, "format": fmt})
    rows = exports.TABLES[what](consultation)
    filename = (f"{consultation.workspace.slug}-consultation-{consultation.pk}-{what}-"
                f"{timezone.localdate().isoformat()}.{fmt}")
    if fmt == "xlsx":
        return xlsx_response(rows, filename=filename, sheet_title=exports.TITLES[what])
    return csv_response(rows, filename=filename)
