"""What "Find my local" shows for a place, set up by admins: each ward's councillors and
polling station, and council places (libraries, recycling centres...) with positions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Ward


class Councillor(models.Model):
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="councillors")
    name = models.CharField(_("name"), max_length=200)
    party = models.CharField(_("party"), max_length=100, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    surgery_times = models.TextField(
        _("surgery times"), blank=True, help_text=_("When and where residents can meet them.")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ward", "order", "name"]

    def __str__(self):
        return self.name


class PollingStation(models.Model):
    """Where the electors of a ward vote."""

    ward = models.OneToOneField(Ward, on_delete=models.CASCADE, related_name="polling_station")
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), help_text=_("One line each."))
    notes = models.TextField(_("notes"), blank=True, help_text=_("Access, parking and so on."))

    def __str__(self):
        return self.name

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]


class Place(models.Model):
    """A council place residents go to, shown nearest first."""

    class Kind(models.TextChoices):
        LIBRARY = "library", _("Library")
        RECYCLING = "recycling", _("Recycling centre")
        LEISURE = "leisure", _("Leisure centre")
        OFFICE = "office", _("Council office")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    opening_times = models.TextField(_("opening times"), blank=True)
    website = models.URLField(_("web page"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
