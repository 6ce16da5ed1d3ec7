"""Messages on the account home (AD1): welcome and campaign messages that administrators
schedule for everyone, a ward, or the people who have a service."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audiences import service_audiences


def audience_service_choices():
    return [(key, audience.label) for key, audience in service_audiences().items()]


class HomeMessage(models.Model):
    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone with an account")
        WARD = "ward", _("People whose address is in a ward")
        SERVICE = "service", _("People who have a service")

    title = models.CharField(max_length=120, help_text=_("e.g. Garden waste renewals open"))
    body = models.TextField(max_length=600, help_text=_("A sentence or two, in plain words"))
    link_text = models.CharField(max_length=80, blank=True, help_text=_("e.g. Renew now"))
    link_url = models.CharField(
        max_length=300, blank=True, help_text=_("A page of the portal, e.g. /waste/garden/")
    )
    starts_on = models.DateField(help_text=_("The first day it is shown"))
    ends_on = models.DateField(help_text=_("The last day it is shown"))
    audience = models.CharField(max_length=10, choices=Audience.choices, default="everyone")
    ward = models.ForeignKey(
        "accounts.Ward", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    service = models.CharField(
        max_length=50, blank=True, choices=audience_service_choices, help_text=_("For a service")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["ends_on", "starts_on"])]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day must be on or after the first day")
        if self.audience == self.Audience.WARD and not self.ward_id:
            errors["ward"] = _("Choose the ward")
        if self.audience == self.Audience.SERVICE and not self.service:
            errors["service"] = _("Choose the service")
        if self.link_url and not self.link_url.startswith("/"):
            errors["link_url"] = _("Give a page of the portal, starting with /")
        if bool(self.link_text) != bool(self.link_url):
            errors["link_text"] = _("Give both the link's words and its page, or neither")
        if errors:
            raise ValidationError(errors)


class HomeMessageDismissal(models.Model):
    """A resident closed a message: it is not shown to them again."""

    message = models.ForeignKey(HomeMessage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "message"], name="one_dismissal_per_message")
        ]

    def __str__(self):
        return f"{self.user_id} dismissed {self.message_id}"
