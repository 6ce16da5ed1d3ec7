"""General enquiries: its registered request types, made the way `make run` makes them."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from casework.models import RequestType
from casework.request_types import request_types_sync
from tests.conftest import signed_in


@pytest.fixture
def request_types(db):
    request_types_sync()
    return {rt.slug: rt for rt in RequestType.objects.filter(service="general")}


@pytest.fixture
def question_type(request_types):
    return request_types["general-enquiry"]


@pytest.fixture
def pest_control(request_types):
    return request_types["pest-control-treatment"]


@pytest.fixture
def resident(citizen):
    """The citizen fixture, signed in (tier 1)."""
    return signed_in(citizen)


def png(name="photo.png", size=(8, 8)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def jpeg_with_gps(name="garden.jpg") -> SimpleUploadedFile:
    """A photo as a phone takes it, with where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (52.0, 30.0, 12.5),
            ExifTags.GPS.GPSLongitudeRef: "W",
            ExifTags.GPS.GPSLongitude: (1.0, 7.0, 40.0),
        }
    )
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def version_on(page) -> str:
    """The hidden answer version the check page sends back."""
    match = re.search(r'name="version" value="([^"]+)"', page.content.decode())
    assert match, "no version on the check page"
    return match.group(1)


def answer(client, request_type, *, files=(), **fields):
    data = {"summary": "Overgrown hedge", "details": "It blocks the pavement.", **fields}
    if files:
        data["files"] = list(files)
    return client.post(f"/services/general/{request_type.slug}/", data)
