"""What Open311 clients send, checked: one form per endpoint.

A form only translates input. Its errors become GeoReport errors (``descriptions()``
and ``status()``): each says which parameter is wrong and why, in words a
developer of a client understands, and nothing a client sends can become a 500.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.questions import MAX_QUESTIONS, question_fields
from integrations.open311 import actions, selectors

# NUL (which PostgreSQL refuses in text) and the other control characters XML 1.0
# cannot carry (stored, one would break every XML list it appears in).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_DAYS = 90  # GeoReport v2: a date range "may not span more than 90 days"
MAX_LIST = 100  # ids or codes in one GET
MAX_DESCRIPTION = 4000
MAX_NAME = 200
ATTRIBUTE = re.compile(r"^attribute\[(?P<code>[^\]]*)\](?:\[\])?$")
_SPACED_OFFSET = re.compile(r" (\d{2}:?\d{2})$")


def has_control_characters(*mappings) -> bool:
    """Whether any key or value holds NUL or another control character (not tab or
    new line)."""
    for mapping in mappings:
        for key in mapping:
            values = mapping.getlist(key) if hasattr(mapping, "getlist") else [mapping[key]]
            if any(CONTROL.search(str(text)) for text in (key, *values)):
                return True
    return False


class GeoReportForm(forms.Form):
    """Errors as GeoReport descriptions: "parameter: what is wrong"."""

    def status(self) -> int:
        return 400

    def descriptions(self) -> list[str]:
        return [
            message if field == forms.forms.NON_FIELD_ERRORS else f"{field}: {message}"
            for field, errors in self.errors.as_data().items()
            for error in errors
            for message in error.messages
        ]


class W3CDateTimeField(forms.CharField):
    """A W3C date and time that exists, e.g. 2026-01-31T00:00:00Z (local time if no offset)."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "give a date and time that exists, in W3C format, e.g. 2026-01-31T00:00:00Z"
        ),
    }

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        # An offset's "+" sent unencoded arrives as a space.
        try:
            parsed = parse_datetime(_SPACED_OFFSET.sub(r"+\1", text))
        except ValueError:  # 30 February, an offset of +99:99
            parsed = None
        if parsed is None or not 1970 <= parsed.year <= 9998:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


class ListField(forms.CharField):
    """A comma-separated list, e.g. service_code=pothole,graffiti."""

    def to_python(self, value):
        items = [item.strip() for item in super().to_python(value).split(",") if item.strip()]
        if len(items) > MAX_LIST:
            raise ValidationError(_("give at most %(n)s, comma separated") % {"n": MAX_LIST})
        return items


class DateRangeForm(GeoReportForm):
    """GET servicerequestupdates: start_date and end_date, at most 90 days apart."""

    start_date = W3CDateTimeField(required=False)
    end_date = W3CDateTimeField(required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end:
            if end < start:
                self.add_error("end_date", _("must not be before start_date"))
            elif end - start > datetime.timedelta(days=MAX_DAYS):
                raise ValidationError(
                    _("start_date and end_date may not span more than %(days)s days.")
                    % {"days": MAX_DAYS}
                )
        return cleaned


class RequestListForm(DateRangeForm):
    """GET requests: by ids, or by service codes, dates and status."""

    service_request_id = ListField(required=False)
    service_code = ListField(required=False)
    status = ListField(required=False)

    def clean_status(self):
        statuses = [status.lower() for status in self.cleaned_data["status"]]
        if any(status not in ("open", "closed") for status in statuses):
            raise ValidationError(_("must be open or closed (or both, comma separated)"))
        return statuses


class ServiceRequestForm(GeoReportForm):
    """POST requests: who sends it (api_key), what, where, who to tell, and the answers
    to the service's own questions (``attribute[code]``)."""

    api_key = forms.CharField(required=False)
    service_code = forms.CharField(
        error_messages={"required": gettext_lazy("was not provided")}, max_length=80
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    long = forms.FloatField(required=False, min_value=-180, max_value=180)
    address_string = forms.CharField(required=False, max_length=300)
    address_id = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    description = forms.CharField(required=False, max_length=MAX_DESCRIPTION)
    email = forms.EmailField(required=False)
    first_name = forms.CharField(required=False, max_length=MAX_NAME)
    last_name = forms.CharField(required=False, max_length=MAX_NAME)
    phone = forms.CharField(required=False, max_length=30)
    media_url = forms.CharField(
        required=False,
        max_length=2000,
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message=gettext_lazy("must be a web address starting http:// or https://"),
            )
        ],
    )

    def status(self) -> int:
        if "api_key" in self.errors:
            return 403
        if self.has_error("service_code", code="not_found"):
            return 404
        return 400

    def descriptions(self) -> list[str]:
        if "api_key" in self.errors:  # nothing else is said to a client without a key
            return [f"api_key: {message}" for message in self.errors["api_key"]]
        return super().descriptions()

    def clean_api_key(self):
        api_key = actions.api_key_check(key=self.cleaned_data["api_key"])
        if api_key is None:
            raise ValidationError(_("is missing or not valid"), code="forbidden")
        return api_key

    def clean_service_code(self):
        code = self.cleaned_data["service_code"]
        request_type = selectors.public_request_type_get(code=code)
        if request_type is None:
            raise ValidationError(_("%(code)s was not found") % {"code": code}, code="not_found")
        return request_type

    def clean_address_id(self):
        pk = self.cleaned_data["address_id"]
        if pk is None:
            return None
        address = selectors.address_get(pk=pk)
        if address is None:
            raise ValidationError(_("%(id)s was not found") % {"id": pk}, code="not_found")
        return address

    def clean(self):
        cleaned = super().clean()
        self._clean_location(cleaned)
        name = " ".join(filter(None, (cleaned.get("first_name"), cleaned.get("last_name"))))
        if len(name) > MAX_NAME:
            self.add_error(
                "last_name",
                _("first_name and last_name must be %(n)s characters or fewer together")
                % {"n": MAX_NAME},
            )
        cleaned["contact_name"] = name
        request_type = cleaned.get("service_code")
        if request_type is not None:
            cleaned["attributes"] = self._clean_attributes(request_type)
        return cleaned

    def _clean_location(self, cleaned) -> None:
        given = {
            name
            for name in ("lat", "long", "address_string", "address_id")
            if self.data.get(name, "").strip()
        }
        if not given:
            self.add_error(
                None, _("Give the location: lat and long, address_string or address_id.")
            )
        elif {"lat", "long"} & given and not {"lat", "long"} <= given:
            self.add_error(None, _("Give lat and long together, in WGS84 degrees."))
        elif not selectors.point_in_council_area(
            latitude=cleaned.get("lat"), longitude=cleaned.get("long")
        ):
            self.add_error(
                None,
                _(
                    "lat and long are outside the council's area: report it to the council "
                    "for that place."
                ),
            )

    def _clean_attributes(self, request_type) -> dict:
        """Answers to the service's own questions, by code (yes/no as True/False)."""
        given = {}
        for key in self.data:
            match = ATTRIBUTE.match(key)
            if match:
                given[match["code"]] = [value for value in self.data.getlist(key) if value != ""]
        if len(given) > MAX_QUESTIONS:
            self.add_error(None, _("Send at most %(n)s attributes.") % {"n": MAX_QUESTIONS})
            return {}
        built = selectors.api_questions(request_type)
        if built is not None:  # an admin-built form: its own fields and conditions check them
            answers, problems = built.answer(given)
            for problem in problems:
                self.add_error(None, problem)
            self.cleaned_data["made_with"] = built
            return answers
        fields = question_fields(request_type.questions)
        for code in sorted(set(given) - set(fields)):
            self.add_error(
                None,
                _("attribute[%(code)s]: %(service)s has no such question.")
                % {"code": code, "service": request_type.slug},
            )
        kinds = {q["key"]: q.get("type", "text") for q in selectors.questions_of(request_type)}
        answers = {}
        for code, field in fields.items():
            values = given.get(code, [])
            try:
                if len(values) > 1:
                    raise ValidationError(_("give one value"))
                value = field.clean(values[0].strip() if values else "")
            except ValidationError as error:
                for message in error.messages:
                    self.add_error(None, f"attribute[{code}]: {message}")
                continue
            if value and kinds[code] == "yesno":
                answers[code] = value == "yes"
            elif value:
                answers[code] = value
        return answers

    def submission(self) -> dict:
        """The keyword arguments of ``actions.service_request_create``."""
        data = self.cleaned_data
        return {
            "request_type": data["service_code"],
            "description": data["description"],
            "attributes": data["attributes"],
            "media_url": data["media_url"],
            "latitude": data["lat"],
            "longitude": data["long"],
            "address_string": data["address_string"],
            "address": data["address_id"],
            "contact_name": data["contact_name"],
            "contact_email": data["email"],
            "contact_phone": data["phone"],
            "made_with": data.get("made_with"),
        }
