"""Every phone field takes the examples its own hint and errors give.

The examples are Ofcom's drama numbers (07700 900xxx, 01632 960xxx), as GOV.UK's
are: never given to anyone, and refused by phonenumbers' validity check. A number
that is clearly wrong is still refused.
"""

import re

import pytest

from accounts.forms import PhoneForm, SMSDeviceForm
from services.highways.forms.report import AboutYouForm

EXAMPLE = re.compile(r"\b0\d{3,4} \d{3} \d{3,4}\b")

# (form, the phone field, the other answers the form needs)
PHONE_FIELDS = [
    (PhoneForm, "phone", {}),
    (SMSDeviceForm, "number", {}),
    (AboutYouForm, "phone", {"name": "Sam Taylor"}),
]


def examples(form_class, name) -> list[str]:
    """The numbers the field shows residents: in its hint and in its error messages."""
    field = form_class.base_fields[name]
    words = " ".join(str(text) for text in (field.help_text, *field.error_messages.values()))
    return EXAMPLE.findall(words)


def test_every_phone_field_gives_an_example():
    assert all(examples(form_class, name) for form_class, name, _data in PHONE_FIELDS)


@pytest.mark.parametrize(("form_class", "name", "data"), PHONE_FIELDS, ids=lambda v: str(v))
def test_the_examples_a_phone_field_gives_pass_its_own_validation(form_class, name, data):
    for example in examples(form_class, name):
        form = form_class(data={**data, name: example})

        assert form.is_valid(), (example, form.errors)
        assert form.cleaned_data[name].as_e164 == "+44" + example.replace(" ", "")[1:]


@pytest.mark.parametrize(("form_class", "name", "data"), PHONE_FIELDS, ids=lambda v: str(v))
@pytest.mark.parametrize("bad", ["12345", "07700 900", "01632 960 00100", "0800 000 000 000"])
def test_a_clearly_wrong_number_is_still_refused(form_class, name, data, bad):
    form = form_class(data={**data, name: bad})

    assert not form.is_valid()
    assert "like 07700 900 982" in " ".join(form.errors[name])


def test_a_landline_from_the_drama_range_cannot_get_texted_codes():
    form = SMSDeviceForm(data={"number": "01632 960 001"})

    assert not form.is_valid()
    assert form.errors["number"] == ["Enter a mobile number: we cannot text a landline"]


@pytest.mark.django_db
def test_the_account_phone_page_stores_its_own_example(citizen_client, citizen):
    response = citizen_client.post("/account/details/phone/", {"phone": "07700 900 982"})

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert str(citizen.phone) == "+447700900982"
    assert "07700 900982" in citizen_client.get("/account/").content.decode()
