"""Site admins' licence pages: giving an organisation pools of seats and changing them, and
appointing its organisation admins (who then manage the licences themselves)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ..lib.forms import add_service_error
from ..forms_licences import LicensingForm, OrganisationAdminForm, PoolForm
from ..models import LicencePool, OrganisationMembership
from ..permissions.decorators import organisation_view
from ..selectors_licences import organisation_admins
from ..services import licences as service


def _crumbs(organisation, label):
    return [("Licences", reverse("licence_overview", args=[organisation.slug])), (label, "")]



@organisation_view(site_admins_only=True)
def licence_pool_create(request):
    organisation = request.organisation
    form = PoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pool = service.pool_create(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Pool “{pool.label}” created with {pool.seats} seats.")
            return redirect(reverse("licence_overview", args=[organisation.slug]))
    return render(request, "workspaces/licence_pool_form.html", {
        "organisation": organisation, "form": form, "pool": None,
        "crumbs": _crumbs(organisation, "New pool"),
    })


@organisation_view(site_admins_only=True)
def licence_pool_edit(request, pool_id):
    organisation = request.organisation
    pool = get_object_or_404(LicencePool, pk=pool_id, organisation=organisation)
    form = PoolForm(request.POST or None, pool=pool)
    if request.method == "POST" and form.is_valid():
        try:
            pool = service.pool_update(actor=request.user, pool=pool, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Pool “{pool.label}” saved.")
            return redirect(reverse("licence_overview", args=[organisation.slug]))
    return render(request, "workspaces/licence_pool_form.html", {
        "organisation": organisation, "form": form, "pool": pool,
        "crumbs": _crumbs(organisation, f"Pool “{pool.label}”"),
    })


@organisation_view(site_admins_only=True)
def organisation_admins_page(request):
    """Who administers the organisation's licences, and whether its workspaces need licences."""
    organisation = request.organisation
    licensing = LicensingForm(initial={"licensing_enabled": organisation.licensing_enabled})
    appoint = OrganisationAdminForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "licensing":
            licensing = LicensingForm(request.POST)
            if licensing.is_valid():
                enabled = licensing.cleaned_data["licensing_enabled"]
                service.organisation_set_licensing(actor=request.user, organisation=organisation, enabled=enabled)
                messages.success(request, "Licences are now required." if enabled else "Licences are no longer required.")
                return redirect(request.path)
        elif action == "appoint":
            appoint = OrganisationAdminForm(request.POST)
            if appoint.is_valid():
                user = get_user_model().objects.filter(email__iexact=appoint.cleaned_data["email"]).first()
                if user is None:
                    appoint.add_error("email", "Nobody has an account with that address yet.")
                else:
                    service.organisation_admin_set(actor=request.user, organisation=organisation, user=user,
                                                   is_admin=True)
                    messages.success(request, f"{user.name} is now an admin of {organisation.name}.")
                    return redirect(request.path)
        elif action == "remove":
            value = request.POST.get("user", "")
            membership = get_object_or_404(
                OrganisationMembership.objects.select_related("user"),
                organisation=organisation, user_id=int(value) if value.isdigit() and len(value) < 18 else 0,
                is_admin=True,
            )
            service.organisation_admin_set(actor=request.user, organisation=organisation, user=membership.user,
                                           is_admin=False)
            messages.success(request, f"{membership.user.name} is no longer an admin of {organisation.name}.")
            return redirect(request.path)
    return render(request, "workspaces/licence_admins.html", {
        "organisation": organisation, "admins": organisation_admins(organisation), "licensing": licensing,
        "appoint": appoint, "crumbs": _crumbs(organisation, "Admins and settings"),
    })
