from django.contrib import admin

from services.local.models import Councillor, Place, PollingStation


@admin.register(Councillor)
class CouncillorAdmin(admin.ModelAdmin):
    list_display = ["name", "party", "ward", "email"]
    list_filter = ["ward", "party"]
    list_select_related = ["ward"]
    search_fields = ["name"]


@admin.register(PollingStation)
class PollingStationAdmin(admin.ModelAdmin):
    list_display = ["name", "ward"]
    list_select_related = ["ward"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "address"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]
