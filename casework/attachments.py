"""Photos and documents on a case (C4): checked, cleaned, stored safely.

- The type comes from the file's content, never from its name or the browser's
  word for it: JPEG, PNG and WebP images (opened and decoded by Pillow) and PDF
  (the ``%PDF-`` header). An image's size in pixels is read from its header before
  anything is decoded: one larger than CASE_IMAGE_MAX_PIXELS (a "decompression
  bomb", or a photo no phone takes) is refused as too big. A PDF that would run a
  script, act on its own or carry another file is refused (``casework.pdf_content``).
  HEIC is not accepted yet: Pillow cannot read it without
  a plugin; phones offer JPEG when a site asks for it.
- Images are re-encoded, which drops their metadata (EXIF with the phone's GPS
  position, XMP, comments), after turning them the right way up.
- Files are stored through Django's storage API under a random name
  (``casework.models.attachment_path``); the resident's own name for the file is
  kept, cleaned, only to offer it back on download. Storage is not part of the
  database transaction: callers check every file (``prepare_uploads``) before
  they change anything, so that a refused file leaves nothing behind.

``prepare_upload`` checks and cleans one uploaded file (forms call it, so that
errors show next to the field); ``attachment_add`` stores one on a case.
"""

from __future__ import annotations

import datetime
import io
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from casework import pdf_content
from casework.models import Attachment, Case, CaseEvent
from core import clock

log = logging.getLogger(__name__)

# What we accept: detected type -> (content type, extension, Pillow format or None).
KINDS = {
    "jpeg": ("image/jpeg", "jpg", "JPEG"),
    "png": ("image/png", "png", "PNG"),
    "webp": ("image/webp", "webp", "WEBP"),
    "pdf": ("application/pdf", "pdf", None),
}
ACCEPT = ".jpg,.jpeg,.png,.webp,.pdf,image/jpeg,image/png,image/webp,application/pdf"
_HEADER_BYTES = 16
_NAME_MAX = 100


@dataclass(frozen=True)
class PreparedUpload:
    """An upload that passed every check, with the bytes to store."""

    content: bytes
    content_type: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.content)


def max_size_words() -> str:
    """'10MB', the way GOV.UK writes sizes."""
    megabytes = settings.CASE_ATTACHMENT_MAX_BYTES / (1024 * 1024)
    if megabytes >= 1:
        return f"{megabytes:g}MB"
    return f"{settings.CASE_ATTACHMENT_MAX_BYTES // 1024}KB"


def max_megapixels_words() -> str:
    """'40', the largest picture we take, in millions of pixels."""
    return f"{settings.CASE_IMAGE_MAX_PIXELS / 1_000_000:g}"


def _check_pdf(data: bytes, words: dict[str, str]) -> None:
    try:
        active = pdf_content.active_content(data)
    except pdf_content.Unreadable:
        raise ValidationError(words["unchecked"], code="unchecked") from None
    if active:
        raise ValidationError(words["active"], code="active_content")


def _errors(name: str | None) -> dict[str, str]:
    """The words for each problem, about 'the selected file' or a named one."""
    if name:
        return {
            "type": _("‘%(name)s’ must be a JPG, PNG, WebP or PDF") % {"name": name},
            "size": _("‘%(name)s’ must be smaller than %(size)s")
            % {"name": name, "size": max_size_words()},
            "empty": _("‘%(name)s’ is empty") % {"name": name},
            "pixels": _(
                "‘%(name)s’ is too big: its picture is %(width)s by %(height)s pixels. "
                "Choose a photo of at most %(megapixels)s megapixels"
            ),
            "active": _(
                "‘%(name)s’ contains a script, an automatic action or an attached file. "
                "Print it to a new PDF or scan the paper copy, and choose that file"
            )
            % {"name": name},
            "unchecked": _(
                "We cannot check what is in ‘%(name)s’: it may be protected by a password. "
                "Print it to a new PDF or scan the paper copy, and choose that file"
            )
            % {"name": name},
        }
    return {
        "type": _("The selected file must be a JPG, PNG, WebP or PDF"),
        "size": _("The selected file must be smaller than %(size)s") % {"size": max_size_words()},
        "empty": _("The selected file is empty"),
        "pixels": _(
            "The photo is too big: its picture is %(width)s by %(height)s pixels. "
            "Choose a photo of at most %(megapixels)s megapixels"
        ),
        "active": _(
            "The selected PDF contains a script, an automatic action or an attached file. "
            "Print it to a new PDF or scan the paper copy, and choose that file"
        ),
        "unchecked": _(
            "We cannot check what is in the selected PDF: it may be protected by a password. "
            "Print it to a new PDF or scan the paper copy, and choose that file"
        ),
    }


def too_many_message() -> str:
    return _("Select up to %(count)s files") % {"count": settings.CASE_ATTACHMENT_MAX_COUNT}


def sniff(header: bytes) -> str | None:
    """The kind of file these first bytes start, or None for anything we do not take."""
    if header.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if header.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if header[:4] == b"RIFF" and header[8:12] == b"WEBP":
        return "webp"
    if header.startswith(b"%PDF-"):
        return "pdf"
    return None


def _safe_name(name: str) -> str:
    """No folders, no control or bidirectional-override characters, no quotes."""
    name = unicodedata.normalize("NFKC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(
        ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in "\"'<>:*?|"
    )
    return " ".join(name.split()).strip(" .")


def clean_name(name: str, extension: str) -> str:
    """The resident's name for the file, safe to show and to offer back on download,
    with an extension that matches what the file really is."""
    name = _safe_name(name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" .")[: _NAME_MAX - len(extension) - 1].strip(" .")
    return f"{stem or _('attachment')}.{extension}"


def _read(upload) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    if hasattr(upload, "chunks"):
        return b"".join(upload.chunks())
    return upload.read()


class TooManyPixels(ValueError):
    def __init__(self, width: int, height: int):
        super().__init__(f"{width} by {height} pixels")
        self.width, self.height = width, height


def _reencode(data: bytes, pillow_format: str) -> bytes:
    """Decode the image fully and write it again, upright and without metadata.

    Raises TooManyPixels, before decoding anything, for an image whose header says it
    is larger than CASE_IMAGE_MAX_PIXELS."""
    with warnings.catch_warnings():
        # Pillow's own bomb check stays as a second line.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            if image.format != pillow_format:
                raise ValueError("content does not match its header")
            width, height = image.size
            if width * height > settings.CASE_IMAGE_MAX_PIXELS:
                raise TooManyPixels(width, height)
            image.load()
            upright = ImageOps.exif_transpose(image)
            icc_profile = image.info.get("icc_profile")
    # A copy with empty info: nothing the camera or an editor wrote travels on
    # (EXIF and its GPS position, XMP, comments, text chunks); only the colour
    # profile and a palette's transparency, which are part of how it looks.
    clean = upright.copy()
    clean.info = {k: v for k, v in upright.info.items() if k == "transparency"}
    options: dict = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if pillow_format == "JPEG":
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        options.update(quality=90, optimize=True)
    elif pillow_format == "WEBP":
        options.update(quality=90)
    elif pillow_format == "PNG":
        options.update(optimize=True)
    out = io.BytesIO()
    clean.save(out, format=pillow_format, **options)
    return out.getvalue()


def prepare_upload(upload, *, name_in_errors: bool = False) -> PreparedUpload:
    """Check one uploaded file and clean it; ValidationError in a resident's words."""
    original = getattr(upload, "name", "") or ""
    shown = (_safe_name(original)[:_NAME_MAX] or None) if name_in_errors else None
    words = _errors(shown)
    size = getattr(upload, "size", None)
    if size is not None and size > settings.CASE_ATTACHMENT_MAX_BYTES:
        raise ValidationError(words["size"], code="too_big")
    if size == 0:
        raise ValidationError(words["empty"], code="empty")
    data = _read(upload)
    if not data:
        raise ValidationError(words["empty"], code="empty")
    if len(data) > settings.CASE_ATTACHMENT_MAX_BYTES:
        raise ValidationError(words["size"], code="too_big")
    kind = sniff(data[:_HEADER_BYTES])
    if kind is None:
        raise ValidationError(words["type"], code="wrong_type")
    content_type, extension, pillow_format = KINDS[kind]
    if kind == "pdf":
        _check_pdf(data, words)
    if pillow_format is not None:
        try:
            data = _reencode(data, pillow_format)
        except TooManyPixels as big:
            raise ValidationError(
                words["pixels"]
                % {
                    "name": shown,
                    "width": big.width,
                    "height": big.height,
                    "megapixels": max_megapixels_words(),
                },
                code="too_many_pixels",
            ) from None
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
            OSError,
            ValueError,
            SyntaxError,
        ):
            raise ValidationError(words["type"], code="unreadable") from None
    return PreparedUpload(
        content=data, content_type=content_type, original_name=clean_name(original, extension)
    )


def prepare_uploads(uploads) -> list[PreparedUpload]:
    """Check several files from one upload: the count, then each file by name."""
    uploads = list(uploads or [])
    if len(uploads) > settings.CASE_ATTACHMENT_MAX_COUNT:
        raise ValidationError(too_many_message(), code="too_many")
    prepared, errors = [], []
    for upload in uploads:
        try:
            prepared.append(prepare_upload(upload, name_in_errors=len(uploads) > 1))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return prepared


@transaction.atomic
def attachment_add(
    *,
    case: Case,
    event: CaseEvent | None,
    upload,
    uploaded_by,
    public: bool = True,
) -> Attachment:
    """Store one file on ``case`` (and on the timeline ``event`` it came with).

    ``upload`` is an uploaded file (checked and cleaned here) or what
    ``prepare_upload`` already made of one. Raises ValidationError for a file we
    do not accept.
    """
    if event is not None and event.case_id != case.pk:
        raise ValueError("the event belongs to another case")
    prepared = upload if isinstance(upload, PreparedUpload) else prepare_upload(upload)
    attachment = Attachment(
        case=case,
        event=event,
        original_name=prepared.original_name,
        content_type=prepared.content_type,
        size=prepared.size,
        public=public,
        uploaded_by=uploaded_by,
    )
    # upload_to gives the stored file a random name; the name passed here is ignored.
    attachment.file.save(prepared.original_name, ContentFile(prepared.content), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


# --- Files no request refers to ------------------------------------------------------------
#
# A file is stored before its row is saved, and storage is not part of the transaction:
# when the transaction then rolls back, the file stays with no row naming it. A daily
# sweep (``casework.tasks.sweep_stored_files_task``, ``manage.py sweep_stored_files``)
# removes such files once they are older than STORED_FILE_GRACE_HOURS, so that a file
# whose request is still being saved is never touched. Files waiting to be sent
# (``casework.uploads``) belong to their service, whose own daily purge removes them.

ATTACHMENTS_DIR = "cases"  # casework.models.attachment_path: cases/<case id>/<random name>


def attachments_sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete stored attachment files that no Attachment names, once older than the grace
    period. Returns how many it removed."""
    storage = Attachment._meta.get_field("file").storage
    cutoff = (now or clock.now()) - datetime.timedelta(hours=settings.STORED_FILE_GRACE_HOURS)
    try:
        folders, _files = storage.listdir(ATTACHMENTS_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    removed = 0
    for folder in folders:
        _folders, names = storage.listdir(f"{ATTACHMENTS_DIR}/{folder}")
        paths = [f"{ATTACHMENTS_DIR}/{folder}/{name}" for name in names]
        referenced = set(Attachment.objects.filter(file__in=paths).values_list("file", flat=True))
        for path in paths:
            if path in referenced:
                continue
            try:
                if storage.get_modified_time(path) > cutoff:
                    continue
                storage.delete(path)
            except OSError:
                log.warning("stored files: could not remove %s", path)
                continue
            removed += 1
    log.info("stored files: removed %s stored files no request refers to", removed)
    return removed


# --- Files for back offices -------------------------------------------------------------------
#
# A back office that does the work needs the resident's photos. Connectors get
# plain data, so each file goes as a link (``back_office_file_url``): signed, naming
# one attachment, good for BACK_OFFICE_FILE_LINK_DAYS, served by
# ``casework.inbound.views.back_office_file`` to whoever holds it (Open311's
# ``media_url`` works the same way). Only the files the resident sent with the
# request, never staff's internal ones.

BACK_OFFICE_FILE_SALT = "casework.back-office-file"


def back_office_file_url(attachment: Attachment) -> str:
    token = signing.dumps(attachment.pk, salt=BACK_OFFICE_FILE_SALT, compress=False)
    path = reverse("inbound:file", kwargs={"token": token})
    return f"{settings.PORTAL_BASE_URL}{path}"


def back_office_files(case: Case) -> list[dict]:
    """The resident's files on a case, as plain data for a connector (name, type, size, link)."""
    return [
        {
            "name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "url": back_office_file_url(attachment),
        }
        for attachment in case.attachments.filter(
            public=True, event__kind=CaseEvent.Kind.SUBMITTED
        ).order_by("created_at", "id")
    ]
