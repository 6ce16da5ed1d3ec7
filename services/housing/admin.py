"""The repair diagnosis in the Django admin: housing officers (staff given these models'
permissions) change the areas, problems, follow-up questions and what each answer means
(an emergency, urgent, another trade) without code. Every change is read by the repair
journey at once (the cached diagnosis is forgotten)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from services.housing.diagnosis import diagnosis_forget
from services.housing.models import (
    RepairArea,
    RepairChoice,
    RepairProblem,
    RepairQuestion,
    RepairTradeRule,
)


class ForgetsDiagnosis:
    """Any save or delete here: the journey reads the diagnosis afresh."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        diagnosis_forget()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        diagnosis_forget()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        diagnosis_forget()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        diagnosis_forget()


@admin.register(RepairArea)
class RepairAreaAdmin(ForgetsDiagnosis, admin.ModelAdmin):
    list_display = ("label", "key", "order", "communal", "active")
    list_editable = ("order", "active")
    fields = ("label", "key", "order", "communal", "active")


class TradeRuleInline(admin.TabularInline):
    model = RepairTradeRule
    extra = 1
    verbose_name_plural = _("Another trade when the problem is in this area")


class QuestionInline(admin.TabularInline):
    model = RepairQuestion
    extra = 1
    fields = ("order", "key", "label", "hint", "error", "answers_link")
    readonly_fields = ("answers_link",)

    @admin.display(description=_("Answers"))
    def answers_link(self, question):
        if not question.pk:
            return _("Save first, then add this question's answers")
        url = reverse("admin:housing_repairquestion_change", args=[question.pk])
        return format_html(
            '<a href="{}">{} ({})</a>', url, _("Edit the answers"), question.choices.count()
        )


@admin.register(RepairProblem)
class RepairProblemAdmin(ForgetsDiagnosis, admin.ModelAdmin):
    list_display = ("label", "key", "order", "trade", "priority", "emergency", "active")
    list_editable = ("order", "active")
    fieldsets = (
        (None, {"fields": ("label", "key", "order", "active")}),
        (_("What it means"), {"fields": ("trade", "priority", "emergency")}),
        (_("Its follow-up questions page"), {"fields": ("step_title", "step")}),
    )
    inlines = (TradeRuleInline, QuestionInline)


class ChoiceInline(admin.StackedInline):
    model = RepairChoice
    extra = 1
    fieldsets = (
        (None, {"fields": ("order", "value", "label")}),
        (
            _("What this answer means"),
            {
                "fields": (
                    "urgent",
                    "trade",
                    "emergency",
                    "emergency_in_winter_only",
                    "emergency_if_key",
                    "emergency_if_value",
                )
            },
        ),
    )


@admin.register(RepairQuestion)
class RepairQuestionAdmin(ForgetsDiagnosis, admin.ModelAdmin):
    list_display = ("label", "key", "problem", "order")
    list_filter = ("problem",)
    fields = ("problem", "order", "key", "label", "hint", "error")
    inlines = (ChoiceInline,)
