from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceLink(models.Model):
    """A person has proved that an account in a service's back office is theirs (A6)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="service_links"
    )
    service = models.SlugField(_("service"), max_length=50)  # a casework.registry slug
    account_ref = models.CharField(_("account reference"), max_length=50)
    linked_at = models.DateTimeField(_("linked at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="one_link_per_service"),
            # An account is linked to one online account at most (linking.actions refuses
            # a second with a clear message; this holds when two people prove it at once).
            models.UniqueConstraint(
                fields=["service", "account_ref"], name="one_online_account_per_account"
            ),
        ]

    def __str__(self):
        return f"{self.service} {self.account_ref}"


class LinkAttempts(models.Model):
    """Wrong tries at proving a link, and the lock they lead to (one row a person a service)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="link_attempts"
    )
    service = models.SlugField(max_length=50)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="one_attempts_row_per_service")
        ]

    def __str__(self):
        return f"{self.service}: {self.failures} wrong"
