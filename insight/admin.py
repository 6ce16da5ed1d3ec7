from django import forms
from django.contrib import admin

from casework import registry
from insight.models import ServiceStandard


class ServiceStandardForm(forms.ModelForm):
    class Meta:
        model = ServiceStandard
        fields = ["service", "wording", "request_types", "target_percent", "published", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A service the portal has registered, chosen from a list rather than typed.
        field = self.fields["service"]
        self.fields["service"] = forms.ChoiceField(
            label=field.label,
            help_text=field.help_text,
            choices=[(service.slug, service.name) for service in registry.services()],
        )


@admin.register(ServiceStandard)
class ServiceStandardAdmin(admin.ModelAdmin):
    """Admins write the council's service standards; the public page shows them."""

    form = ServiceStandardForm

    list_display = ["wording", "service", "target_percent", "published", "order"]
    list_filter = ["service", "published"]
    filter_horizontal = ["request_types"]
    search_fields = ["wording"]
