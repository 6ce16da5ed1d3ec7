"""Bin days: making the printable calendar's PDF, what the background task runs
(``services.waste.tasks.calendar_pdf_render_task``, queued by
``collections.calendar_pdf_request``). It imports neither the tasks nor the actions that
queue them.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

from services.waste.models import CalendarPdf
from services.waste.selectors import collections as selectors

log = logging.getLogger(__name__)

PDF_LAYOUT = "1"  # bump when templates/waste/collections/calendar_pdf.html changes


def pdf_file_stem(pdf_calendar: selectors.PrintableCalendar) -> str:
    """The stored file's name (without .pdf): which address, month and what it shows."""
    return (
        f"bin-calendar-{pdf_calendar.address.pk}-{pdf_calendar.starts_on:%Y-%m}"
        f"-{PDF_LAYOUT}{pdf_calendar.fingerprint()}"
    )


def render_calendar_pdf(pdf_calendar: selectors.PrintableCalendar) -> bytes:
    """The calendar as an A4 PDF (WeasyPrint), tagged for screen readers."""
    from weasyprint import HTML  # deferred: heavy, only where PDFs are made

    html = render_to_string(
        "waste/collections/calendar_pdf.html",
        {
            "calendar": pdf_calendar,
            "weekday_names": [(WEEKDAYS_ABBR[day], WEEKDAYS[day]) for day in range(7)],
            "council_name": settings.COUNCIL_NAME,
            "portal_name": settings.PORTAL_NAME,
            "contact_email": settings.COUNCIL_CONTACT_EMAIL,
            "contact_phone": settings.COUNCIL_CONTACT_PHONE,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def calendar_pdf_render(*, pdf_id: int) -> CalendarPdf | None:
    """Make the PDF of a pending CalendarPdf (the background task). Safe to repeat: anything
    not pending is left alone. A failure is recorded (FAILED) for the page to say so."""
    pdf = CalendarPdf.objects.select_related("address").filter(pk=pdf_id).first()
    if pdf is None or pdf.state != CalendarPdf.State.PENDING:
        return pdf
    old_name = pdf.file.name if pdf.file else ""
    try:
        pdf_calendar = selectors.printable_calendar(address=pdf.address, starts_on=pdf.starts_on)
        content = render_calendar_pdf(pdf_calendar)
        pdf.file.save(f"{pdf_file_stem(pdf_calendar)}.pdf", ContentFile(content), save=False)
    except Exception:
        log.exception("waste: the calendar PDF %s could not be made", pdf_id)
        CalendarPdf.objects.filter(pk=pdf.pk).update(state=CalendarPdf.State.FAILED)
        pdf.state = CalendarPdf.State.FAILED
        return pdf
    pdf.state = CalendarPdf.State.READY
    CalendarPdf.objects.filter(pk=pdf.pk).update(state=pdf.state, file=pdf.file.name)
    if old_name and old_name != pdf.file.name:
        pdf.file.storage.delete(old_name)
    return pdf
