"""Bookings for any request type (C12): a request type may offer appointments.

A ``BookingCalendar`` says, for one request type, which days are offered (days of
the week, lead time, how far ahead, closed dates and bank holidays), how many
appointments a day each area takes (``area``: a key the service supplies, a ward
or a waste round; "" for the whole council), whether days are split into morning
and afternoon, the cut-off for changing or cancelling, and when to remind.

``Slot`` rows hold a day's places for an area (and half day): ``booked`` never
exceeds ``capacity``, because a place is taken by one conditional UPDATE. A day
with no row yet has the calendar's ``capacity``; the row is made when it is first
booked, or by staff to give a day more or fewer places (0 closes it).

A journey asks for an appointment with one line (``casework.bookings.journeys.
booking_step``); sending books it in the sending transaction. The resident changes or
cancels it from the case page before the cut-off; reminders go by their channel. A
service whose back office keeps its own diary hears of each booking, change and
cancellation (``casework.bookings.registry``).
"""
