"""Payments in the admin: read only, with a refund page that goes through payment_refund."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from integrations.pay import actions
from integrations.pay.forms import RefundForm
from integrations.pay.models import Payment, Refund

REFUND_PERMISSION = "pay.refund_payment"


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    fields = ["created_at", "amount", "status", "reason", "created_by"]
    readonly_fields = fields

    @admin.display(description=_("Amount"))
    def amount(self, refund):
        return actions.format_money(refund.amount_pence)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["reference", "description", "amount", "status", "provider", "created_at"]
    list_filter = ["status", "provider"]
    search_fields = ["=reference"]
    date_hierarchy = "created_at"
    # No e-mail address or owner here: the list is for reconciling money, not finding people.
    fields = [
        "id",
        "reference",
        "description",
        "amount",
        "status",
        "failure_message",
        "refunded",
        "refund_link",
        "purpose",
        "provider",
        "provider_payment_id",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields
    inlines = [RefundInline]

    @admin.display(description=_("Amount"), ordering="amount_pence")
    def amount(self, payment):
        return actions.format_money(payment.amount_pence)

    @admin.display(description=_("Refunded"))
    def refunded(self, payment):
        return actions.format_money(payment.refunded_pence)

    @admin.display(description=_("Refund"))
    def refund_link(self, payment):
        if not payment.refundable_pence:
            return "-"
        url = reverse("admin:pay_payment_refund", args=[payment.pk])
        return format_html('<a href="{}">{}</a>', url, _("Refund this payment"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        refund = self.admin_site.admin_view(self.refund_view)
        return [
            path("<uuid:payment_id>/refund/", refund, name="pay_payment_refund"),
            *super().get_urls(),
        ]

    def refund_view(self, request, payment_id):
        if not request.user.has_perm(REFUND_PERMISSION):
            raise PermissionDenied
        payment = get_object_or_404(Payment, pk=payment_id)
        change_url = reverse("admin:pay_payment_change", args=[payment.pk])
        form = RefundForm(request.POST or None, refundable_pence=payment.refundable_pence)
        if request.method == "POST" and form.is_valid():
            try:
                refund = actions.payment_refund(
                    payment_id=payment.pk,
                    amount_pence=form.cleaned_data["amount"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except (actions.RefundRefused, actions.PaymentUnavailable) as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    _("%(money)s refunded on %(reference)s.")
                    % {
                        "money": actions.format_money(refund.amount_pence),
                        "reference": payment.reference,
                    },
                    messages.SUCCESS,
                )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Refund %(reference)s") % {"reference": payment.reference},
            "opts": self.model._meta,
            "payment": payment,
            "refundable": actions.format_money(payment.refundable_pence),
            "amount": actions.format_money(payment.amount_pence),
            "adminform": helpers.AdminForm(form, [(None, {"fields": ["amount", "reason"]})], {}),
            "errors": helpers.AdminErrorList(form, []),
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/pay/payment/refund.html", context, status=400 if form.errors else 200
        )
