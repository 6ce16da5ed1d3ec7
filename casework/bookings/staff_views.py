"""Staff: the day's appointments of a request type (behind the staff gate; which cases
a member of staff sees is decided by ``casework.access.staff_case_queryset``)."""

from __future__ import annotations

import datetime

from accounts.decorators import staff_required
from casework import access
from casework.bookings import selectors
from casework.bookings.forms import StaffDayForm
from core import clock
from core.rendering import render_form


@staff_required
def staff_day(request):
    calendars = selectors.staff_calendar_list()
    form = StaffDayForm(request.GET or None, calendars=calendars)
    day = clock.today() + datetime.timedelta(days=1)
    calendar = calendars[0] if calendars else None
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["day"] or day
        calendar = form.calendars.get(form.cleaned_data["calendar"], calendar)
    bookings = []
    if calendar is not None:
        cases = access.staff_case_queryset(request.user)
        bookings = selectors.staff_day_list(cases=cases, calendar=calendar, day=day)
    context = {"form": form, "day": day, "calendar": calendar, "bookings": bookings}
    return render_form(request, "bookings/staff_day.html", context)
