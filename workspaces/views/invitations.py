"""Inviting people (one, or many from a list or CSV), the invitation list, and accepting a link."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..forms.invitations import BULK_UPLOAD_MAX_BYTES, BulkInvitationForm, InvitationFilterForm, InvitationForm
from ..forms.licence_step import LicenceStepForm, licence_gap
from ..kit.drafts import keeps_text, kept_form
from ..kit.views import limit_upload_size
from ..lib.forms import add_service_error
from ..lib.pagination import paginate
from ..licences import assign_seats
from ..models import Invitation, Role
from ..permissions.decorators import login_view, public_view, workspace_view
from ..services import invitations as service
from ..services.invitations import INVITATION_SESSION_KEY

PROBLEMS = {
    "accepted": ("This invitation has already been used",
                 "Each invitation link works once, and this one has been used."),
    "revoked": ("This invitation was withdrawn",
                "A manager of the workspace withdrew this invitation, or replaced it with a newer one."),
    "expired": ("This invitation has expired", "Invitation links work for a limited time, and this one has run out."),
}


def _problem(request, invitation):
    """The page for a link that no longer works: what happened and whom to ask."""
    status = invitation.status
    if request.session.get(INVITATION_SESSION_KEY) == invitation.token:
        del request.session[INVITATION_SESSION_KEY]
    own = status == "accepted" and request.user.is_authenticated and invitation.accepted_by_id == request.user.pk
    title, text = PROBLEMS[status]
    return render(
        request,
        "workspaces/invitation_problem.html",
        {"invitation": invitation, "status": status, "title": title, "text": text, "own": own},
        status=200 if own else 410,
    )


def _signin_urls(invitation, accept_url):
    return {
        "login_url": reverse("account_login") + "?" + urlencode({"next": accept_url}),
        "signup_url": reverse("account_signup") + "?" + urlencode({"email": invitation.email, "next": accept_url}),
        # The link was sent to this address, so its holder may learn whether it has an account
        # (if it has, the link no longer opens sign-up: accounts.adapters).
        "has_account": service.address_has_account(invitation.email),
    }


@public_view
def invitation_accept(request, token):
    invitation = service.find_invitation(token)
    if invitation is None:
        raise Http404("No such invitation.")
    if not invitation.is_usable:
        return _problem(request, invitation)
    accept_url = reverse("invitation_accept", args=[invitation.token])
    context = {"invitation": invitation, "workspace": invitation.workspace, "accept_url": accept_url}
    if not request.user.is_authenticated:
        # Kept for the sign-up or sign-in that follows: opens sign-up, and leads back here.
        request.session[INVITATION_SESSION_KEY] = invitation.token
        context.update(_signin_urls(invitation, accept_url))
        if request.method == "POST":
            return redirect(context["login_url"])
        return render(request, "workspaces/invitation_accept.html", context)
    if service.accept_refusal(invitation, request.user):
        context["mismatch"] = True
        return render(request, "workspaces/invitation_accept.html", context, status=403)
    # Sent to an address with no account: this account may use it instead, once (audited).
    context["other_account"] = not service.email_matches(request.user, invitation.email)
    context["licence_problem"] = service.licence_refusal(invitation, request.user)
    if context["licence_problem"]:
        service.tell_inviter_licence_needed(invitation, request.user)
        return render(request, "workspaces/invitation_accept.html", context, status=403)
    if request.method == "POST":
        try:
            service.invitation_accept(invitation=invitation, user=request.user)
        except service.LicenceRequiredError as error:
            context["licence_problem"] = error.messages[0]
            service.tell_inviter_licence_needed(invitation, request.user)
            return render(request, "workspaces/invitation_accept.html", context, status=403)
        except service.InvitationError:
            # Lost a race (used or withdrawn a moment ago): say what the row says now.
            invitation.refresh_from_db()
            if invitation.is_usable:  # only an address mismatch is left, and that was checked above
                context["mismatch"] = True
                return render(request, "workspaces/invitation_accept.html", context, status=403)
            return _problem(request, invitation)
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(
            request,
            f"Welcome to {invitation.workspace.name}. You have joined as a {invitation.get_role_display().lower()}.",
        )
        return redirect(invitation.workspace)
    return render(request, "workspaces/invitation_accept.html", context)


@login_view
def invitation_decline(request, token):
    """The invitee declines (from their home or the invitation page). Only for an account holding
    the invited address; a GET (a bookmarked or reloaded form) leads to the invitation."""
    invitation = service.find_invitation(token)
    if invitation is None or not service.email_matches(request.user, invitation.email):
        raise Http404("No such invitation.")
    if request.method != "POST":
        return redirect("invitation_accept", invitation.token)
    if service.invitation_decline(user=request.user, invitation=invitation):
        messages.success(request, f"You declined the invitation to {invitation.workspace.name}.")
    else:
        messages.info(request, f"The invitation to {invitation.workspace.name} is no longer open.")
    return redirect("home")


def _invitations(workspace):
    return (Invitation.objects.filter(workspace=workspace).select_related("invited_by", "accepted_by")
            .order_by("-created_at", "-pk"))


@workspace_view("workspaces.invite_members")
def invitation_list(request):
    workspace = request.workspace
    form = InvitationFilterForm(request.GET or None)
    page = paginate(request, form.filter(_invitations(workspace)))
    return render(
        request,
        "workspaces/invitation_list.html",
        {"workspace": workspace, "form": form, "page_obj": page},
    )



@workspace_view("workspaces.invite_members")
@keeps_text
def invitation_create(request):
    workspace = request.workspace
    resend = _resend_source(request)
    if resend is not None:
        return _resend(request, resend)
    form = kept_form(request, lambda data=None, **kwargs: InvitationForm(data, workspace=workspace, **kwargs))
    step = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        step, ready = _licence_step(request, workspace, [data["email"].strip().lower()])
        try:
            if not ready:
                raise _NotYet
            with transaction.atomic():
                seats = _assign_seats(request, step)
                invitation = service.invitation_create(
                    actor=request.user,
                    workspace=workspace,
                    email=data["email"],
                    role=Role(data["role"]),
                    teams=data.get("teams") or (),
                    message=data["message"],
                )
        except _NotYet:
            pass
        except ValidationError as error:
            add_service_error(form, error)
        else:
            seat = f" A licence seat of {step.cleaned_data['pool'].label} is theirs." if seats else ""
            messages.success(request, f"Invitation sent to {invitation.email}.{seat}")
            if "another" in request.POST:
                return redirect(reverse("invitation_create", args=[workspace.slug]))
            return redirect(reverse("invitation_list", args=[workspace.slug]))
    return render(request, "workspaces/invitation_create.html", _form_context(workspace, form, step))


class _NotYet(Exception):
    """The licence step is shown (or its choices need fixing): nothing is sent yet."""


def _licence_step(request, workspace, emails):
    """The licence step for inviting these addresses: (step form or None, ready to send).
    Shown once for the same addresses; sent when posted again with its choices valid."""
    gap = licence_gap(request.user, workspace, emails)
    if gap is None:
        return None, True
    step = LicenceStepForm(request.POST, gap=gap)
    if not step.seen():
        return LicenceStepForm(gap=gap), False
    return step, step.is_valid()


def _assign_seats(request, step):
    """Seats for the addresses the step named, if the licence admin ticked it; how many."""
    if step is None or not step.assigning:
        return 0
    return len(assign_seats(actor=request.user, pool=step.cleaned_data["pool"], emails=step.gap.missing))


def _form_context(workspace, form, step, **extra):
    organisation = workspace.organisation
    return {"workspace": workspace, "form": form, "licence_step": step,
            "licensed_org": organisation if organisation.licensing_enabled else None, **extra}


def _resend_source(request):
    """A POST from the invitation list with `resend=<id>`: send that invitation again."""
    value = request.POST.get("resend", "") if request.method == "POST" else ""
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise Http404("No such invitation.")
    return get_object_or_404(Invitation, pk=int(value), workspace=request.workspace)


def _resend(request, old):
    """A fresh link for the same address, role, teams and message; the service withdraws the old one."""
    workspace = request.workspace
    list_url = reverse("invitation_list", args=[workspace.slug])
    if old.status == "accepted":
        messages.error(request, f"{old.email} has already accepted this invitation.")
        return redirect(list_url)
    try:
        invitation = service.invitation_create(
            actor=request.user, workspace=workspace, email=old.email, role=Role(old.role),
            teams=list(old.teams.all()), message=old.message,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"A new invitation was sent to {invitation.email}. The earlier link no longer works.")
    return redirect(list_url)


@workspace_view("workspaces.invite_members")
@limit_upload_size(max_bytes=BULK_UPLOAD_MAX_BYTES)
@keeps_text
def invitation_bulk(request):
    workspace = request.workspace
    files = request.FILES or None  # reads the body: only then has the size limit's handler seen the upload
    too_large = getattr(request, "upload_too_large", None)
    form = kept_form(request, lambda data=None, **kwargs: BulkInvitationForm(
        data, files, workspace=workspace, too_large=too_large, **kwargs))
    step = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        emails = [line.email for line in service.parse_bulk(data["text"]) if not line.outcome]
        step, ready = _licence_step(request, workspace, emails)
        if not ready and files:
            # A browser cannot post the file again: the step comes back with its lines pasted instead.
            form.data = form.data.copy()
            form.data["addresses"] = data["text"]
            form.files = {}
        try:
            if not ready:
                raise _NotYet
            with transaction.atomic():
                _assign_seats(request, step)
                report = service.invitations_bulk_create(
                    actor=request.user,
                    workspace=workspace,
                    text=data["text"],
                    role=Role(data["role"]),
                    teams=data.get("teams") or (),
                    message=data["message"],
                )
        except _NotYet:
            pass
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return render(
                request,
                "workspaces/invitation_bulk_report.html",
                {"workspace": workspace, "report": report, "invited": len(report.invited), "problems": report.problems},
            )
    return render(request, "workspaces/invitation_bulk.html",
                  _form_context(workspace, form, step, limit=f"{settings.ENGAGE_BULK_INVITE_LIMIT:,}"))


@workspace_view("workspaces.invite_members")
@require_POST
def invitation_revoke(request, invitation_id):
    workspace = request.workspace
    invitation = get_object_or_404(Invitation, pk=invitation_id, workspace=workspace)
    if invitation.status == "pending":
        service.invitation_revoke(actor=request.user, invitation=invitation)
        messages.success(request, f"The invitation to {invitation.email} was withdrawn. Its link no longer works.")
    else:
        state = {"accepted": "accepted", "revoked": "withdrawn", "expired": "expired"}[invitation.status]
        messages.info(request, f"The invitation to {invitation.email} was already {state}.")
    return redirect(reverse("invitation_list", args=[workspace.slug]))
