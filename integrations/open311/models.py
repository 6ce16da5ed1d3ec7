"""API keys for Open311 clients. Only a SHA-256 hash of each key is stored."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(32)


class ApiKey(models.Model):
    """Who may POST service requests (GeoReport v2 ``api_key``)."""

    name = models.CharField(max_length=100, unique=True, help_text=_("Who the key is for"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=PREFIX_LENGTH, editable=False, help_text=_("The key's first characters")
    )
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 API key")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
