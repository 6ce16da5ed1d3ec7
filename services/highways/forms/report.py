"""Forms for reporting a street problem: they check input and nothing else."""

from __future__ import annotations

import math

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.phone import UKPhoneNumberField
from casework import attachments
from casework.questions import question_fields
from casework.resident.forms import (
    MultipleFileField,
    MultipleFileInput,
    ResidentTextField,
    character_count,
)
from casework.uploads import PendingFilesMixin, keep_field, listed_field
from services.highways.geometry import valid_point
from services.highways.location import location_from
from services.highways.selectors import report as selectors
from services.highways.selectors.report import (
    DESCRIPTION_MAX,
    NAME_MAX,
    SEARCH_MAX,
    WHERE_EXACTLY_MAX,
)

PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}
PHOTO_ACCEPT = ".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"


class CategoryForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("What is the problem?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select what the problem is"),
            "invalid_choice": gettext_lazy("Select one of the problems in the list"),
        },
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        self.fields["category"].choices = [(rt.slug, rt.name) for rt in self.categories]


class SearchForm(forms.Form):
    """Where: a postcode or a street name (a GET form: the search is in the URL)."""

    q = forms.CharField(
        label=gettext_lazy("Postcode or street name"),
        help_text=gettext_lazy("For example, MB1 1AA or Mill Lane"),
        max_length=SEARCH_MAX,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds", "spellcheck": "false"}),
        error_messages={
            "required": gettext_lazy("Enter a postcode or street name"),
            "max_length": gettext_lazy(
                "Enter a postcode or street name of 100 characters or fewer"
            ),
            "null_characters_not_allowed": gettext_lazy("Enter a postcode or street name"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.pop("maxlength", None)

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if not query:
            raise ValidationError(_("Enter a postcode or street name"), code="required")
        return query


class WhereForm(forms.Form):
    """Where it is: a place chosen from a postcode or street search (``action`` "address":
    the search ``q`` and the chosen ``uprn``), or a point on the map or from the device
    (``action`` "map", filled in by JavaScript). Cleaned, it gives the ``location`` and
    the open reports of the same kind ``nearby`` (C5)."""

    action = forms.ChoiceField(
        choices=[("address", "address"), ("map", "map")], widget=forms.HiddenInput
    )
    q = forms.CharField(widget=forms.HiddenInput, max_length=SEARCH_MAX, required=False)
    uprn = forms.TypedChoiceField(
        label=gettext_lazy("Choose the place nearest the problem"),
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Select one of the places in the list")},
    )
    latitude = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    longitude = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, request_type=None, user=None, sent=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.request_type, self.user, self.sent = request_type, user, list(sent)
        self.search = None
        if self.is_bound and self.data.get("action") != "map":
            self.search = selectors.place_search(self.data.get("q") or "")
        elif not self.is_bound and self.initial.get("q"):
            self.search = selectors.place_search(self.initial["q"])
        places = self.search.places if self.search else []
        self.fields["uprn"].choices = [(place.uprn, place.label) for place in places]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "map":
            for name in ("uprn", "latitude", "longitude"):  # not the map's to answer
                self._errors.pop(name, None)
        if self.errors:
            if "action" in self.errors:
                raise ValidationError(
                    _("Choose the place on the map, or search for a postcode or street name"),
                    code="required",
                )
            return cleaned
        location = self._map() if cleaned["action"] == "map" else self._address()
        cleaned["location"] = location
        cleaned["nearby"] = []
        if location is not None and self.request_type is not None:
            cleaned["nearby"] = selectors.nearby_open_reports(
                request_type=self.request_type,
                latitude=location.latitude,
                longitude=location.longitude,
                user=self.user,
                sent=self.sent,
            )
        return cleaned

    def _map(self):
        latitude, longitude = (
            _number(self.data.get("latitude")),
            _number(self.data.get("longitude")),
        )
        if latitude is None or longitude is None:
            raise ValidationError(
                _("Choose the place on the map, or search for a postcode or street name"),
                code="required",
            )
        if not valid_point(latitude, longitude):
            raise ValidationError(_("Choose a place on the map"), code="invalid")
        nearest = selectors.address_nearest(latitude=latitude, longitude=longitude)
        if nearest is None:
            raise ValidationError(outside_message(), code="outside")
        return location_from(nearest.address, latitude=latitude, longitude=longitude, how="map")

    def _address(self):
        uprn = self.cleaned_data.get("uprn")
        if uprn in (None, ""):
            self.add_error("uprn", _("Select the place nearest the problem"))
            return None
        address = selectors.place_get(uprn=uprn)
        if address is None:
            self.add_error("uprn", _("Select one of the places in the list"))
            return None
        return location_from(
            address, latitude=address.latitude, longitude=address.longitude, how="address"
        )

    def summary_rows(self):
        """The check page's row: the place, as the resident chose it."""
        location = self.cleaned_data.get("location") if self.is_valid() else None
        if location is None:
            return []
        if location.how == "map":
            words = _("Chosen on the map, near %(place)s") % {"place": location.near}
        else:
            words = _("Near %(place)s") % {"place": location.near}
        return [(_("Place"), words)]


def _number(value) -> float | None:
    try:
        number = float(str(value or "").strip()[:40])
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def outside_message() -> str:
    return _("This place is outside %(council)s’s area. Report it to the council for that area") % {
        "council": settings.COUNCIL_SHORT_NAME
    }


class NoticeForm(forms.Form):
    """The category's notice: read, then "Continue" (nothing to answer)."""


class NearbyForm(forms.Form):
    """Open reports like this nearby: "My problem is different" goes on; following one
    instead is a form of its own (views.report.follow). The answer names the place it was
    given for, so that choosing another place offers the reports near that one."""

    place = forms.CharField(widget=forms.HiddenInput, max_length=60, required=False)

    def __init__(self, *args, reports=(), location=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reports, self.location = list(reports), location
        if not self.is_bound:
            self.initial["place"] = self.place_key()

    def place_key(self) -> str:
        if self.location is None:
            return ""
        return f"{self.location.latitude:.6f},{self.location.longitude:.6f}"

    def clean_place(self):
        if self.cleaned_data["place"] != self.place_key():
            raise ValidationError(
                _("The place has changed. Check the reports near the place you chose"),
                code="changed",
            )
        return self.cleaned_data["place"]


class DetailsForm(forms.Form):
    """The category's own questions, where exactly, and what is wrong."""

    where_exactly = ResidentTextField(
        label=gettext_lazy("Where exactly is it? (optional)"),
        help_text=gettext_lazy(
            "For example, outside number 14, or by the bus stop. This helps our team find it. "
            "Only the council sees it: the public list shows the street."
        ),
        required=False,
        max_length=WHERE_EXACTLY_MAX,
        error_messages={
            "max_length": gettext_lazy("Where exactly it is must be 200 characters or fewer"),
        },
    )
    description = ResidentTextField(
        label=gettext_lazy("Describe the problem"),
        help_text=gettext_lazy(
            "What is wrong, how big it is and since when. Do not include your name or "
            "contact details."
        ),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": gettext_lazy("Describe the problem"),
            "max_length": gettext_lazy("The description must be 2,000 characters or fewer"),
        },
    )
    public = forms.BooleanField(
        label=gettext_lazy("Show my description publicly"),
        help_text=gettext_lazy(
            "Reports are listed publicly by category and street, so that others can follow "
            "them instead of reporting them again. Your name and contact details are never "
            "shown. Tick this to show your description too; we leave it out if it gives "
            "your name or contact details, or anyone's phone number or e-mail address."
        ),
        required=False,
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions or [])
        own = question_fields(self.questions)
        self.question_keys = list(own)
        # The category's questions come first, in the order an administrator gave them.
        fields = {f"q_{key}": field for key, field in own.items()}
        fields.update(self.fields)
        self.fields = fields
        for name in ("where_exactly", "description"):
            # The server says when it is too long; the browser must not cut text off unseen.
            self.fields[name].widget.attrs.pop("maxlength", None)

    @property
    def question_fields(self):
        return [self[f"q_{key}"] for key in self.question_keys]

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if not description:
            raise ValidationError(_("Describe the problem"), code="required")
        return description

    def clean_where_exactly(self):
        return " ".join(self.cleaned_data["where_exactly"].split())

    def answers(self) -> dict:
        """The category's questions' answers by key (yes/no as True/False), for the case."""
        answers = {}
        for question in self.questions:
            key = question.get("key") if isinstance(question, dict) else None
            if key not in self.question_keys:
                continue
            value = self.cleaned_data.get(f"q_{key}", "")
            if question.get("type") == "yesno":
                if value in ("yes", "no"):
                    answers[key] = value == "yes"
            elif isinstance(value, str) and value.strip():
                answers[key] = value.strip()
        return answers

    def character_count(self) -> dict:
        """GOV.UK character count around the description (a hint without JavaScript)."""
        return character_count(self["description"], maxlength=DESCRIPTION_MAX)


class PhotosForm(PendingFilesMixin, forms.Form):
    """Photos of the problem (optional): checked and kept with the answers until sent."""

    keep = keep_field(
        label=gettext_lazy("Photos you have added"),
        invalid_choice=gettext_lazy("Select the photos you want to send"),
    )
    listed = listed_field()
    photos = MultipleFileField(
        label=gettext_lazy("Add photos (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )

    upload_field = "photos"
    summary_files_label = gettext_lazy("Photos")

    def __init__(self, *args, existing=(), max_photos: int = 3, **kwargs):
        self.max_photos = max_photos
        super().__init__(*args, existing=existing, **kwargs)
        self.fields["photos"].help_text = ngettext(
            "A JPG, PNG or WebP photo, smaller than %(size)s. You can add %(count)s photo.",
            "JPG, PNG or WebP photos, smaller than %(size)s each. You can add up to "
            "%(count)s photos.",
            max_photos,
        ) % {"size": attachments.max_size_words(), "count": max_photos}

    def clean_photos(self):
        uploads = list(self.cleaned_data.get("photos") or [])
        if len(uploads) > self.max_photos:
            raise ValidationError(self._too_many(self.max_photos), code="too_many")
        prepared, errors = [], []
        for upload in uploads:
            named = len(uploads) > 1
            try:
                photo = attachments.prepare_upload(upload, name_in_errors=named)
            except ValidationError as error:
                errors.append(error)
                continue
            if photo.content_type not in PHOTO_TYPES:
                errors.append(self._not_a_photo(photo.original_name if named else ""))
                continue
            prepared.append(photo)
        if errors:
            raise ValidationError(errors)
        return prepared

    @staticmethod
    def _not_a_photo(name: str) -> ValidationError:
        if name:
            return ValidationError(
                _("‘%(name)s’ must be a JPG, PNG or WebP photo") % {"name": name},
                code="wrong_type",
            )
        return ValidationError(
            _("The selected file must be a JPG, PNG or WebP photo"), code="wrong_type"
        )

    @staticmethod
    def _too_many(count: int) -> str:
        return ngettext(
            "You can send %(count)s photo", "You can send up to %(count)s photos", count
        ) % {"count": count}

    def max_files(self) -> int:
        return self.max_photos

    def no_room_message(self, room: int) -> str:
        if room <= 0:
            return ngettext(
                "You can send %(count)s photo. Untick it to add another",
                "You can send up to %(count)s photos. Untick one to add another",
                self.max_photos,
            ) % {"count": self.max_photos}
        return ngettext(
            "You can add %(room)s more photo", "You can add %(room)s more photos", room
        ) % {"room": room}


class AboutYouForm(forms.Form):
    """A one-off report: who you are, and how we tell you what happens."""

    name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": gettext_lazy("Enter your name"),
            "max_length": gettext_lazy("Your name must be 200 characters or fewer"),
        },
    )
    email = forms.CharField(
        label=gettext_lazy("Email address"),
        help_text=gettext_lazy("We will email you about your report."),
        required=False,
        max_length=254,
        widget=forms.TextInput(
            attrs={
                "type": "email",
                "autocomplete": "email",
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
        error_messages={
            "max_length": gettext_lazy("Enter an email address of 254 characters or fewer")
        },
    )
    phone = UKPhoneNumberField(
        label=gettext_lazy("UK mobile number"),
        help_text=gettext_lazy("If you have no email address, we can text you instead."),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={
            "invalid": gettext_lazy("Enter a UK phone number, like 07700 900 982"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "email"):
            self.fields[name].widget.attrs.pop("maxlength", None)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter your name"), code="required")
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    _("Enter an email address in the correct format, like name@example.com"),
                    code="invalid",
                ) from None
        return email

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("email") and not cleaned.get("phone"):
            self.add_error(
                "email", _("Enter an email address or a mobile number, so we can tell you")
            )
        return cleaned

    def contact(self) -> dict:
        phone = self.cleaned_data.get("phone")
        return {
            "name": self.cleaned_data["name"],
            "email": self.cleaned_data["email"],
            "phone": phone.as_e164 if phone else "",
        }
