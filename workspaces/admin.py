from django import forms
from django.contrib import admin

from .kit.feeds import feed_token_revoke
from .licences import organisation_admin_set, pool_create, pool_update
from .models import (
    Activity,
    AuditEntry,
    FeedToken,
    Invitation,
    Licence,
    LicencePool,
    Membership,
    Organisation,
    OrganisationMembership,
    OutboundEmail,
    Team,
    Workspace,
)
from .services.invitations import invitation_revoke


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "licensing_enabled", "created_at"]
    list_filter = ["licensing_enabled"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "organisation", "visibility", "is_archived", "member_count"]
    list_filter = ["visibility", "is_archived", "organisation"]
    search_fields = ["name", "slug"]
    readonly_fields = ["member_count", "created_by", "created_at", "updated_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# People get into a workspace only by an invitation they accept, sent by someone who may give
# the role (services.admission): so memberships and invitations are read-only here. Site admins
# manage every workspace's members and invitations on its own pages, audited like everyone's.


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "workspace", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "workspace__slug"]
    list_select_related = ["user", "workspace"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace"]
    search_fields = ["name", "workspace__slug"]
    raw_id_fields = ["workspace"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "workspace", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "workspace__slug"]
    list_select_related = ["workspace"]
    exclude = ["nonce"]
    actions = ["revoke"]

    @admin.action(description="Withdraw the selected invitations")
    def revoke(self, request, queryset):
        for invitation in queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True).select_related(
            "workspace"
        ):
            invitation_revoke(actor=request.user, invitation=invitation)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "workspace", "target_label"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "action"]
    list_select_related = ["workspace"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "workspace", "actor", "verb", "target_title"]
    list_filter = ["verb"]
    list_select_related = ["workspace", "actor"]


@admin.register(FeedToken)
class FeedTokenAdmin(ReadOnlyAdmin):
    """Private feed addresses (only a digest of each secret is kept, and not shown); site admins
    may revoke any (audited), e.g. one reported leaked."""

    list_display = ["__str__", "user", "workspace", "scope", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["user__email", "workspace__slug", "label"]
    list_select_related = ["user", "workspace"]
    exclude = ["digest"]
    actions = ["revoke"]

    @admin.action(description="Revoke the selected feed addresses")
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True).select_related("workspace"):
            feed_token_revoke(actor=request.user, token=token)


# --- Licences. Changes go through the services so that seat counts stay right and every change
# is audited, exactly as on the in-app pages.


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "is_admin", "created_at"]
    list_filter = ["is_admin", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        organisation_admin_set(actor=request.user, organisation=obj.organisation, user=obj.user, is_admin=obj.is_admin)


class LicencePoolAdminForm(forms.ModelForm):
    class Meta:
        model = LicencePool
        fields = ["organisation", "label", "seats", "valid_from", "valid_until"]

    def clean(self):
        # The same refusals as the in-app page, next to the field instead of an error page.
        data = super().clean()
        start, end, seats = data.get("valid_from"), data.get("valid_until"), data.get("seats")
        if start and end and end < start:
            self.add_error("valid_until", "The pool must end on or after the day it starts.")
        used = self.instance.seats_used if self.instance.pk else 0
        if seats is not None and seats < used:
            self.add_error("seats", f"{used} seat{'s are' if used != 1 else ' is'} in use, so the pool cannot have "
                                    "fewer. Release people first.")
        return data


@admin.register(LicencePool)
class LicencePoolAdmin(admin.ModelAdmin):
    form = LicencePoolAdminForm
    list_display = ["label", "organisation", "seats", "seats_used", "valid_from", "valid_until"]
    list_filter = ["organisation"]
    search_fields = ["label", "organisation__name"]
    readonly_fields = ["seats_used", "created_by", "created_at", "updated_at", "reminder_sent_at"]

    def get_readonly_fields(self, request, obj=None):
        # The organisation of an existing pool is fixed: its licences belong to it.
        return self.readonly_fields + (["organisation"] if obj is not None else [])

    def save_model(self, request, obj, form, change):
        fields = {f: form.cleaned_data[f] for f in ("label", "seats", "valid_from", "valid_until")}
        if change:
            pool_update(actor=request.user, pool=obj, **fields)
        else:
            created = pool_create(actor=request.user, organisation=form.cleaned_data["organisation"], **fields)
            obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        return False  # licences keep their pool; shrink or end a pool instead


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    """Read-only here: assign and release on the organisation's licence pages, which keep the
    seat counts and the audit log right."""

    list_display = ["email", "organisation", "pool", "user", "assigned_at", "released_at"]
    list_filter = ["organisation"]
    search_fields = ["email", "user__email"]
    list_select_related = ["organisation", "pool", "user"]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """The outbox (workspaces.mail), to look into; failed email is sent again from the site
    admins' failed-mail page."""

    list_display = ["idempotency_key", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["idempotency_key", "recipient__email", "address"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
