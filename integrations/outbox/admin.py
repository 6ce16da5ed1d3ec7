from django.contrib import admin

from integrations.outbox.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["kind", "idempotency_key", "state", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["state", "kind"]
    search_fields = ["idempotency_key", "lock_key"]
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False
