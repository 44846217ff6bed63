from django.contrib import admin

from .models import InboundMail


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    """Site admins see what arrived and what became of it (read only: it is a record)."""

    list_display = ("message_id", "transport", "status", "user", "received_at", "processed_at")
    list_filter = ("status", "transport")
    search_fields = ("message_id", "envelope_from")
    exclude = ("raw",)
    readonly_fields = ("message_id", "envelope_from", "envelope_to", "transport", "received_at", "status",
                       "outcome", "user", "claimed_at", "processed_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
