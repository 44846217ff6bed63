from django.contrib import admin

from .models import Activity, AuditEntry, Invitation, Membership, Organisation, Team, Workspace


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "organisation", "visibility", "is_archived", "member_count"]
    list_filter = ["visibility", "is_archived", "organisation"]
    search_fields = ["name", "slug"]
    readonly_fields = ["member_count", "created_by", "created_at", "updated_at"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "workspace", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "workspace__slug"]
    raw_id_fields = ["user", "workspace"]
    list_select_related = ["user", "workspace"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace"]
    search_fields = ["name", "workspace__slug"]
    raw_id_fields = ["workspace"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "workspace", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "workspace__slug"]
    raw_id_fields = ["workspace", "invited_by", "accepted_by"]
    readonly_fields = ["nonce", "sent_at", "accepted_at", "accepted_by"]
    filter_horizontal = ["teams"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
