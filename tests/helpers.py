"""Builders that tests across the apps share: one of each, so that a test reads the same
thing the same way wherever it is.

- images for upload tests: plain ones, and a photo as a phone takes it (EXIF with the
  camera's make and where it was taken), for checking that what we store is cleaned;
- people: the citizen fixture's person, for code that makes data without fixtures;
- request types as the service apps declare them (``manage.py`` syncs them), and a
  person's answers to a journey's steps;
- the outbox: messages made due now, and a case's public timeline.

Fixtures that many modules share (``citizen``, ``resident``, ``request_type``...) are
in tests/conftest.py; these are plain functions for code that builds its own data.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from accounts.models import User
from casework import selectors
from casework.journeys.actions import journey_answer
from casework.models import RequestType
from casework.request_types import request_types_sync
from core import clock
from integrations.outbox.models import Message
from tests.factories import UserFactory

# --- Images ----------------------------------------------------------------------------


def image_bytes(fmt: str, size=(10, 10), colour="blue") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


def jpeg_with_gps_bytes(
    size=(40, 20), *, colour="red", orientation=None, comment: bytes | None = None
) -> bytes:
    """A JPEG with EXIF: the camera's make, where it was taken (and maybe which way up)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (52.0, 30.0, 12.5),
            ExifTags.GPS.GPSLongitudeRef: "W",
            ExifTags.GPS.GPSLongitude: (1.0, 7.0, 40.0),
        }
    )
    extra = {"comment": comment} if comment is not None else {}
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG", exif=exif, **extra)
    return out.getvalue()


def png(name="photo.png", size=(8, 8), colour="green") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG", size, colour), content_type="image/png")


def jpeg_with_gps(name="photo.jpg", colour="red") -> SimpleUploadedFile:
    """A photo as a phone takes it, with where it was taken."""
    return SimpleUploadedFile(name, jpeg_with_gps_bytes(colour=colour), content_type="image/jpeg")


def png_bomb_bytes(width: int, height: int) -> bytes:
    """A real decompression bomb: a small PNG whose pixels (all black, compressed row by
    row, so that making it takes little memory) decode to ``width`` by ``height``."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte, then the row's pixels
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# --- People ----------------------------------------------------------------------------


def the_citizen():
    """The ``citizen`` fixture's person (Sam), made if the test has not made them yet: for
    builders that need a resident but are not given one (tests/**/urlmap.py)."""
    return User.objects.filter(email="sam@example.org").first() or UserFactory(
        first_name="Sam", email="sam@example.org"
    )


# --- Request types ---------------------------------------------------------------------


def synced_request_type(slug: str):
    """A request type that a service app declares, synced as ``make run`` syncs them."""
    request_types_sync()
    return RequestType.objects.get(slug=slug)


# --- Journeys --------------------------------------------------------------------------


def journey_answers(journey, user, answers, *, url_kwargs=None):
    """``user``'s answers to a journey's steps, saved in their draft as each step's page
    saves them: ``answers`` are (step name, data) or (step name, data, files) tuples, in
    order. A visitor without an account (None) has none to save. Returns the draft, or None."""
    draft = None
    for step_name, data, *files in answers if user is not None else ():
        draft = journey_answer(
            journey=journey,
            user=user,
            url_kwargs=url_kwargs or {},
            step_name=step_name,
            data=data,
            files=files[0] if files else None,
        )
    return draft


# --- The outbox ------------------------------------------------------------------------


def make_due(*messages) -> None:
    """Outbox messages waiting to be tried again are due now: the ones named, or every
    pending one, so that the next sweep sends them without waiting for the back-off."""
    due = Message.objects.filter(pk__in=[message.pk for message in messages])
    if not messages:
        due = Message.objects.filter(state=Message.State.PENDING)
    due.update(next_attempt_at=clock.now())  # the project's clock, stopped or not


def public_timeline(case) -> list[tuple[str, str]]:
    """What the resident's case page lists: (what happened, its message), oldest first."""
    return [(entry.what, entry.message) for entry in selectors.case_public_timeline(case=case)]
