"""C4: photos and documents on a case: checked by content, cleaned of metadata,
stored under random names, downloaded only by the people who may see the case."""

import datetime
import io
import logging
import re
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image, ImageFile

from casework import actions
from casework.attachments import (
    attachment_add,
    attachments_sweep,
    clean_name,
    prepare_upload,
    prepare_uploads,
)
from casework.models import Attachment, CaseEvent, Follower
from casework.tasks import sweep_stored_files_task
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in
from tests.factories import UserFactory
from tests.helpers import image_bytes, jpeg_with_gps_bytes, png_bomb_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


# A photo as a phone takes it: EXIF with the camera's make and where it was, and a
# comment naming its owner (all of which the stored copy must lose).
PHONE_COMMENT = b"Sam's phone"


def upload(name: str, content: bytes, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def case(citizen):
    request_type = RequestTypeFactory(name="Report a broken bench")
    return actions.case_submit(
        request_type=request_type, resident=citizen, answers={}, summary="Broken bench"
    )


def reply_url(case):
    return reverse("casework:reply", kwargs={"reference": case.reference})


def download_url(attachment):
    return reverse(
        "casework:attachment",
        kwargs={"reference": attachment.case.reference, "attachment_id": attachment.pk},
    )


# --- What is accepted -------------------------------------------------------------------


def test_gps_and_other_metadata_are_gone_after_upload(case, citizen):
    original = jpeg_with_gps_bytes(comment=PHONE_COMMENT)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    attachment = attachment_add(
        case=case, event=None, upload=upload("bench.jpg", original), uploaded_by=citizen
    )

    with attachment.file.open("rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert not image.getexif()  # no EXIF at all, so no GPS position
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert "exif" not in image.info and "comment" not in image.info
    assert b"PhoneCo" not in data and PHONE_COMMENT not in data
    assert attachment.size == len(data)
    assert attachment.content_type == "image/jpeg"


def test_a_sideways_photo_is_turned_the_right_way_up(case, citizen):
    # Orientation 6: the camera was turned; viewers rotate it 90°.
    prepared = prepare_upload(
        upload("bench.jpg", jpeg_with_gps_bytes(orientation=6, comment=PHONE_COMMENT))
    )

    assert Image.open(io.BytesIO(prepared.content)).size == (20, 40)


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [("PNG", "image/png", "png"), ("WEBP", "image/webp", "webp"), ("JPEG", "image/jpeg", "jpg")],
)
def test_images_are_accepted_by_what_they_are(fmt, content_type, extension):
    # The name says PDF; the content is what counts, and the name is mended to match.
    prepared = prepare_upload(upload("scan.pdf", image_bytes(fmt), "application/pdf"))

    assert prepared.content_type == content_type
    assert prepared.original_name == f"scan.{extension}"
    assert Image.open(io.BytesIO(prepared.content)).format == fmt


def test_a_pdf_is_accepted_as_it_is():
    prepared = prepare_upload(upload("letter.pdf", PDF, "application/pdf"))

    assert prepared.content_type == "application/pdf"
    assert prepared.content == PDF


# --- What is refused, in words a resident understands --------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b"GIF89a\x01\x00\x01\x00",
        b"MZ\x90\x00 a Windows program",
        b"\xff\xd8\xff\xe0 not really a JPEG after the first bytes",
        b"\x89PNG\r\n\x1a\n but nothing after",
    ],
    ids=["html", "gif", "exe", "fake-jpeg", "fake-png"],
)
def test_the_type_comes_from_the_content_not_the_name(content):
    with pytest.raises(ValidationError) as refused:
        prepare_upload(upload("holiday.jpg", content))

    assert refused.value.messages == ["The selected file must be a JPG, PNG, WebP or PDF"]


def test_a_file_too_big_is_refused(settings):
    settings.CASE_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    big = upload("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")

    with pytest.raises(ValidationError) as refused:
        prepare_upload(big)

    assert refused.value.messages == ["The selected file must be smaller than 10MB"]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        prepare_upload(upload("empty.jpg", b""))

    assert refused.value.messages == ["The selected file is empty"]


def test_too_many_files_are_refused(settings):
    settings.CASE_ATTACHMENT_MAX_COUNT = 5
    files = [upload(f"{n}.png", image_bytes("PNG")) for n in range(6)]

    with pytest.raises(ValidationError) as refused:
        prepare_uploads(files)

    assert refused.value.messages == ["Select up to 5 files"]


def test_with_several_files_the_bad_one_is_named():
    files = [upload("good.png", image_bytes("PNG")), upload("notes.jpg", b"just some text")]

    with pytest.raises(ValidationError) as refused:
        prepare_uploads(files)

    assert refused.value.messages == ["‘notes.jpg’ must be a JPG, PNG, WebP or PDF"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("C:\\Users\\sam\\My photo.JPEG", "My photo.jpg"),
        ('bad"name<script>.jpg', "badnamescript.jpg"),
        ("right\u202egpj.exe", "rightgpj.jpg"),
        ("", "attachment.jpg"),
        ("x" * 300 + ".jpg", "x" * 96 + ".jpg"),
    ],
)
def test_names_are_cleaned(given, expected):
    assert clean_name(given, "jpg") == expected


# --- Through the case page ------------------------------------------------------------------


def test_a_reply_carries_photos_onto_the_timeline(case, citizen_client):
    response = citizen_client.post(
        reply_url(case),
        {
            "message": "Here is a photo",
            "files": [
                upload("bench.jpg", jpeg_with_gps_bytes(comment=PHONE_COMMENT)),
                upload("letter.pdf", PDF, "application/pdf"),
            ],
        },
    )

    assert response.status_code == 302
    reply = case.events.get(kind=CaseEvent.Kind.REPLY)
    stored = list(reply.attachments.order_by("id"))
    assert [a.original_name for a in stored] == ["bench.jpg", "letter.pdf"]
    assert all(a.uploaded_by_id == case.resident_id and a.public for a in stored)
    # Stored under a random name, not the resident's.
    assert all(re.fullmatch(rf"cases/{case.pk}/[0-9a-f]{{32}}", a.file.name) for a in stored)
    html = citizen_client.get(
        reverse("casework:detail", kwargs={"reference": case.reference})
    ).content.decode()
    assert f'href="{download_url(stored[0])}"' in html
    assert "bench.jpg" in html and "Photos and documents" in html


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            [("notes.jpg", b"not a picture at all")],
            "The selected file must be a JPG, PNG, WebP or PDF",
        ),
        ([(f"{n}.png", None) for n in range(6)], "Select up to 5 files"),
        ([("big.pdf", PDF + b"0" * 2048)], "The selected file must be smaller than 2KB"),
    ],
    ids=["wrong-type", "too-many", "too-big"],
)
def test_a_bad_file_stops_the_whole_reply(case, citizen_client, settings, files, message):
    settings.CASE_ATTACHMENT_MAX_BYTES = 2048
    settings.CASE_ATTACHMENT_MAX_COUNT = 5
    uploads = [upload(name, content or image_bytes("PNG")) for name, content in files]

    response = citizen_client.post(reply_url(case), {"message": "See attached", "files": uploads})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert 'href="#id_files"' in html  # the error summary leads to the field
    assert not case.events.filter(kind=CaseEvent.Kind.REPLY).exists()
    assert not Attachment.objects.exists()


# --- Images too big to open, PDFs that would run something ----------------------------------


def test_a_decompression_bomb_is_refused_as_too_big_without_decoding_it(
    case, citizen_client, settings, monkeypatch
):
    # 79 kB on the wire, 81 million pixels (about 230 MB) once decoded.
    settings.CASE_IMAGE_MAX_PIXELS = 40_000_000
    bomb = png_bomb_bytes(9000, 9000)
    assert len(bomb) < 100_000

    def no_decoding(image):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(Image.Image, "load", no_decoding)
    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    response = citizen_client.post(
        reply_url(case), {"message": "See attached", "files": [upload("bomb.png", bomb)]}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "The photo is too big: its picture is 9000 by 9000 pixels. "
        "Choose a photo of at most 40 megapixels" in html
    )
    assert "must be a JPG, PNG, WebP or PDF" not in html
    assert not Attachment.objects.exists()
    assert not case.events.filter(kind=CaseEvent.Kind.REPLY).exists()


def test_the_pixel_limit_is_a_setting_and_names_the_file(settings):
    settings.CASE_IMAGE_MAX_PIXELS = 100

    assert prepare_upload(upload("small.png", image_bytes("PNG", (10, 10)))).size
    with pytest.raises(ValidationError) as refused:
        prepare_uploads(
            [
                upload("small.png", image_bytes("PNG")),
                upload("wide.jpg", image_bytes("JPEG", (11, 10))),
            ]
        )

    assert refused.value.messages == [
        "‘wide.jpg’ is too big: its picture is 11 by 10 pixels. "
        "Choose a photo of at most 0.0001 megapixels"
    ]


def _pdf(*objects: bytes) -> bytes:
    body = b"".join(b"%d 0 obj\n%s\nendobj\n" % (n, obj) for n, obj in enumerate(objects, 1))
    return b"%PDF-1.7\n" + body + b"trailer<</Root 1 0 R>>\n%%EOF\n"


def _object_stream(content: bytes) -> bytes:
    packed = zlib.compress(content)
    return b"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>\nstream\n%s\nendstream" % (
        len(packed),
        packed,
    )


@pytest.mark.parametrize(
    "pdf",
    [
        _pdf(b"<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>"),
        _pdf(b"<</Type/Catalog/Names<</JavaScript 2 0 R>>>>", b"<</Names[(a) 3 0 R]>>"),
        _pdf(b"<</Type/Catalog/AA<</O<</S/Launch/F(cmd.exe)>>>>>>"),
        _pdf(b"<</Type/Catalog/OpenAction<</S/Launch/F(calc.exe)>>>>"),
        _pdf(b"<</Type/Catalog/Names<</EmbeddedFiles 2 0 R>>>>", b"<</Type/EmbeddedFile>>"),
        _pdf(b"<</Type/Catalog/OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>>>"),
        _pdf(b"<</Type/Catalog>>", _object_stream(b"3 0 <</S/JavaScript/JS(app.alert(1))>>")),
    ],
    ids=["js", "javascript-names", "aa", "launch", "embedded-file", "hex-escaped", "in-objstm"],
)
def test_a_pdf_that_would_run_something_is_refused(pdf):
    with pytest.raises(ValidationError) as refused:
        prepare_upload(upload("letter.pdf", pdf, "application/pdf"))

    assert refused.value.messages == [
        "The selected PDF contains a script, an automatic action or an attached file. "
        "Print it to a new PDF or scan the paper copy, and choose that file"
    ]


def test_a_scanned_page_whose_picture_bytes_happen_to_spell_a_name_is_accepted():
    picture = b"\xff\xd8\xff binary /AA /JS noise \x00\x01"
    pdf = _pdf(
        b"<</Type/Catalog>>",
        b"<</Type/XObject/Subtype/Image/Filter/DCTDecode/Length %d>>\nstream\n%s\nendstream"
        % (len(picture), picture),
    )

    assert prepare_upload(upload("scan.pdf", pdf, "application/pdf")).content == pdf


def test_a_pdf_we_cannot_look_inside_is_refused_saying_why():
    # An object stream that does not unpack: encrypted (a password), or damaged.
    hidden = b"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length 9>>\nstream\n\x8b\x01garbled\nendstream"
    pdf = _pdf(b"<</Type/Catalog/Encrypt 3 0 R>>", hidden)

    with pytest.raises(ValidationError) as refused:
        prepare_upload(upload("statement.pdf", pdf, "application/pdf"))

    assert refused.value.messages == [
        "We cannot check what is in the selected PDF: it may be protected by a password. "
        "Print it to a new PDF or scan the paper copy, and choose that file"
    ]


def test_a_pdf_that_opens_at_its_first_page_is_accepted():
    pdf = _pdf(b"<</Type/Catalog/Pages 2 0 R/OpenAction[3 0 R/Fit]>>", b"<</Type/Pages>>")

    assert prepare_upload(upload("letter.pdf", pdf, "application/pdf")).content == pdf


def test_a_refused_pdf_stops_the_reply_and_nothing_is_stored(case, citizen_client):
    pdf = _pdf(b"<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>")

    response = citizen_client.post(
        reply_url(case), {"message": "See attached", "files": [upload("letter.pdf", pdf)]}
    )

    assert response.status_code == 400
    assert "contains a script" in response.content.decode()
    assert not Attachment.objects.exists()


# --- Stored files no request refers to --------------------------------------------------------


class RolledBack(Exception):
    pass


def stored_paths() -> set[str]:
    _folders, _files = default_storage.listdir("cases")
    return {
        f"cases/{folder}/{name}"
        for folder in _folders
        for name in default_storage.listdir(f"cases/{folder}")[1]
    }


def test_a_file_left_by_a_rolled_back_request_is_swept_after_the_grace_period(
    case, citizen, settings
):
    settings.STORED_FILE_GRACE_HOURS = 24
    with pytest.raises(RolledBack), transaction.atomic():
        attachment_add(
            case=case,
            event=None,
            upload=upload("bench.png", image_bytes("PNG")),
            uploaded_by=citizen,
        )
        raise RolledBack  # something after the file was stored failed
    assert not Attachment.objects.exists()
    (left_behind,) = stored_paths()
    now = timezone.now()

    assert attachments_sweep(now=now + datetime.timedelta(hours=23)) == 0
    assert default_storage.exists(left_behind), "removed before its grace period"

    assert attachments_sweep(now=now + datetime.timedelta(hours=25)) == 1
    assert not default_storage.exists(left_behind)


def test_a_file_a_request_refers_to_is_never_swept(case, citizen, settings):
    settings.STORED_FILE_GRACE_HOURS = 24
    attachment = attachment_add(
        case=case, event=None, upload=upload("bench.png", image_bytes("PNG")), uploaded_by=citizen
    )

    assert attachments_sweep(now=timezone.now() + datetime.timedelta(days=3650)) == 0

    assert default_storage.exists(attachment.file.name)
    assert stored_paths() == {attachment.file.name}


def test_the_sweep_runs_daily_and_says_how_many_it_removed(case, citizen, settings, caplog):
    settings.STORED_FILE_GRACE_HOURS = 0
    for _ in range(2):
        with pytest.raises(RolledBack), transaction.atomic():
            attachment_add(
                case=case,
                event=None,
                upload=upload("bench.png", image_bytes("PNG")),
                uploaded_by=citizen,
            )
            raise RolledBack
    out = io.StringIO()

    with caplog.at_level(logging.INFO):
        call_command("sweep_stored_files", stdout=out)

    assert out.getvalue().strip() == "Removed 2 files no request refers to"
    assert "removed 2 stored files" in caplog.text
    assert stored_paths() == set()
    assert settings.CELERY_BEAT_SCHEDULE["sweep-stored-files"]["task"] == (
        "casework.tasks.sweep_stored_files_task"
    )
    sweep_stored_files_task()  # nothing left: nothing to do, no error


def test_the_sweep_does_nothing_before_anything_is_stored():
    assert attachments_sweep() == 0


# --- Downloads -------------------------------------------------------------------------------


@pytest.fixture
def attachment(case, citizen):
    return attachment_add(
        case=case,
        event=case.events.first(),
        upload=upload("My bench.png", image_bytes("PNG")),
        uploaded_by=citizen,
    )


def test_the_owner_downloads_with_the_original_name(attachment, citizen_client):
    response = citizen_client.get(download_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="My bench.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == "PNG"


def test_another_resident_cannot_download(attachment, another_citizen):
    response = signed_in(another_citizen, verified=True).get(download_url(attachment))

    assert response.status_code == 404


def test_a_follower_is_not_offered_the_residents_files(attachment):
    follower = UserFactory()
    attachment.case.request_type.followable = True
    attachment.case.request_type.save()
    Follower.objects.create(case=attachment.case, user=follower)
    client = signed_in(follower)

    assert client.get(download_url(attachment)).status_code == 404
    page = client.get(reverse("casework:detail", kwargs={"reference": attachment.case.reference}))
    assert page.status_code == 200
    assert "My bench.png" not in page.content.decode()


def test_a_staff_only_attachment_is_not_served_to_the_resident(case, citizen, citizen_client):
    internal = attachment_add(
        case=case,
        event=None,
        upload=upload("officer notes.pdf", PDF, "application/pdf"),
        uploaded_by=None,
        public=False,
    )

    assert citizen_client.get(download_url(internal)).status_code == 404
    html = citizen_client.get(
        reverse("casework:detail", kwargs={"reference": case.reference})
    ).content.decode()
    assert "officer notes" not in html


def test_an_attachment_is_only_found_through_its_own_case(attachment, citizen, citizen_client):
    other_case = actions.case_submit(
        request_type=attachment.case.request_type, resident=citizen, answers={}, summary="Other"
    )
    path = reverse(
        "casework:attachment",
        kwargs={"reference": other_case.reference, "attachment_id": attachment.pk},
    )

    assert citizen_client.get(path).status_code == 404


def test_an_event_of_another_case_is_refused(case, citizen):
    other = actions.case_submit(
        request_type=case.request_type, resident=citizen, answers={}, summary="Other"
    )

    with pytest.raises(ValueError):
        attachment_add(
            case=case,
            event=other.events.first(),
            upload=upload("a.png", image_bytes("PNG")),
            uploaded_by=citizen,
        )
