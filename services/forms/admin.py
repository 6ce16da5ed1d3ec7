"""Building forms in the Django admin: a form's pages on its own page, each page's
questions on the page's, "Publish" and "Preview" buttons. No JSON anywhere."""

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from services.forms import actions
from services.forms.admin_forms import QuestionAdminForm
from services.forms.models import BuiltForm, FormVersion, Page, Question

CONDITION = (
    _("Show only when"),
    {"fields": ("condition_key", "condition_operator", "condition_value")},
)


class PageInline(admin.StackedInline):
    model = Page
    extra = 1  # a blank page to fill in, without JavaScript too
    fields = (
        "order",
        "title",
        "condition_key",
        "condition_operator",
        "condition_value",
        "questions_link",
    )
    readonly_fields = ("questions_link",)
    show_change_link = True

    @admin.display(description=_("Questions"))
    def questions_link(self, page):
        if not page.pk:
            return _("Save the form first, then add this page's questions")
        url = reverse("admin:builtforms_page_change", args=[page.pk])
        count = page.questions.count()
        return format_html('<a href="{}">{} ({})</a>', url, _("Edit the questions"), count)


class VersionInline(admin.TabularInline):
    model = FormVersion
    extra = 0
    fields = ("number", "published_at", "published_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BuiltForm)
class BuiltFormAdmin(admin.ModelAdmin):
    list_display = ("request_type", "latest_version", "updated_at")
    list_select_related = ("request_type",)
    inlines = [PageInline, VersionInline]
    actions = ["publish_selected"]
    change_form_template = "service_forms/admin/change_form.html"

    @admin.display(description=_("Published version"))
    def latest_version(self, form):
        version = form.versions.first()
        return version.number if version else _("Not published")

    def get_urls(self):
        return [
            path(
                "<int:form_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="builtforms_builtform_publish",
            ),
            *super().get_urls(),
        ]

    def _publish(self, request, form) -> bool:
        try:
            version = actions.form_publish(form=form, actor=request.user)
        except actions.PublishError as exc:
            for problem in exc.problems:
                messages.error(request, problem)
            return False
        messages.success(
            request,
            _("Published ‘%(form)s’ as version %(n)s") % {"form": form, "n": version.number},
        )
        return True

    def publish_view(self, request, form_id):
        form = get_object_or_404(BuiltForm, pk=form_id)
        if request.method == "POST" and self.has_change_permission(request, form):
            self._publish(request, form)
        return redirect("admin:builtforms_builtform_change", form.pk)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.pages.exists():
            _warn_problems(request, form.instance)

    @admin.action(description=_("Publish the selected forms"))
    def publish_selected(self, request, queryset):
        for form in queryset:
            self._publish(request, form)


def _warn_problems(request, form) -> None:
    """After a save: what would stop the form being published, said now."""
    for problem in actions.form_problems(form=form):
        messages.warning(
            request, _("Before you can publish it: %(problem)s") % {"problem": problem}
        )


class QuestionInline(admin.StackedInline):
    model = Question
    form = QuestionAdminForm
    extra = 1
    fields = (
        ("order", "kind", "required"),
        "label",
        "key",
        "hint",
        "choices",
        ("min_length", "max_length"),
        ("min_value", "max_value"),
        ("condition_key", "condition_operator", "condition_value"),
    )


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "form", "order")
    list_select_related = ("form__request_type",)
    fields = ("form", "order", "title", "condition_key", "condition_operator", "condition_value")
    inlines = [QuestionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _warn_problems(request, form.instance.form)

    def response_change(self, request, obj):
        """ "Save" goes back to the form, where the next page's questions and Publish are."""
        response = super().response_change(request, obj)
        if "_continue" in request.POST or "_addanother" in request.POST:
            return response
        return redirect("admin:builtforms_builtform_change", obj.form_id)
