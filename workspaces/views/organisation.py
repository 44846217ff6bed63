"""An organisation's logo: its admins (and site admins) set it; it is shown, with the
organisation's name, in the bar of each of its workspaces."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ..audit import audit
from ..forms.organisation import LOGO_MAX_BYTES, LogoForm
from ..kit.views import limit_upload_size
from ..models import Organisation
from ..permissions.decorators import organisation_view, public_view


@organisation_view()
@limit_upload_size(max_bytes=LOGO_MAX_BYTES)
def organisation_logo_edit(request):
    organisation = request.organisation
    form = LogoForm(request.POST or None, request.FILES or None,
                    too_large=getattr(request, "upload_too_large", None))
    if request.method == "POST" and form.is_valid():
        before = organisation.logo.name
        with transaction.atomic():
            if form.cleaned_data["logo"]:
                upload = form.cleaned_data["logo"]
                organisation.logo.save(upload.name, upload, save=False)
                organisation.logo_type = upload.content_type
                said = "Logo changed."
            else:
                organisation.logo, organisation.logo_type = "", ""
                said = "Logo removed: the organisation's name is shown alone."
            organisation.save(update_fields=["logo", "logo_type"])
            audit(actor=request.user, action="organisation.logo_changed", organisation=organisation,
                  target=organisation, target_label=organisation.name,
                  before={"logo": before or None}, after={"logo": organisation.logo.name or None})
        if before and before != organisation.logo.name:
            organisation.logo.storage.delete(before)
        messages.success(request, said)
        return redirect(reverse("organisation_logo_edit", args=[organisation.slug]))
    return render(request, "workspaces/organisation_logo.html", {
        "organisation": organisation, "form": form,
        "crumbs": [("Licences", reverse("licence_overview", args=[organisation.slug])), ("Logo", "")],
    })


@public_view
def organisation_logo(request, organisation):
    """The logo itself: public, like the name beside it (shown on public workspaces too). Sent
    with the type found when it was uploaded; the address carries a version, so it is cached."""
    found = get_object_or_404(Organisation.objects.only("logo", "logo_type"), slug=organisation)
    if not found.logo or not found.logo_type:
        raise Http404("No logo.")
    try:
        handle = found.logo.open("rb")
    except FileNotFoundError:
        raise Http404("No logo.") from None
    response = FileResponse(handle, content_type=found.logo_type)
    response["Cache-Control"] = "public, max-age=604800"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
