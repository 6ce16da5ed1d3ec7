"""Appointments in a real browser: an administrator gives the admin-built pest control
request type appointments in the Django admin (configuration only); a resident books
pest control without JavaScript (the fee and a day), then moves the appointment from
the request's page. Every resident page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from casework.bookings.models import Booking
from casework.models import Case
from services.forms.demo import FORMS, form_build
from tests.e2e import pages
from tests.factories import AddressFactory

pytestmark = pytest.mark.browser

PEST = next(spec for spec in FORMS if spec["slug"] == "pest-control")


def _offer_appointments_as_admin(admin_page):
    admin_page.goto("/admin/bookings/bookingcalendar/add/")
    admin_page.select_option('[name="request_type"]', label="Book pest control")
    admin_page.check('[name="half_days"]')
    admin_page.locator('input[type="submit"][name="_save"]').click()
    expect(admin_page.locator(".messagelist")).to_contain_text("was added successfully")


def _radio_label(page, index):
    radio = page.locator('input[name="slot"]').nth(index)
    return page.locator(f'label[for="{radio.get_attribute("id")}"]').inner_text(), radio


def test_a_resident_books_pest_control_and_moves_the_appointment_without_javascript(
    citizen, admin_user, live_server, settings, new_context, steps
):
    settings.PORTAL_BASE_URL = live_server.url  # where the payment provider sends them back
    citizen.address = AddressFactory(line1="4 Mill Lane")
    citizen.save()
    form_build({key: value for key, value in PEST.items() if key != "appointments"})
    admin_page, _checked = pages.journey(new_context, steps, admin_user, verified=True)
    _offer_appointments_as_admin(admin_page)

    page, checked = pages.journey(new_context, steps, citizen, javascript=False)
    page.goto("/services/forms/")
    expect(page.get_by_role("main")).to_contain_text("£45")
    page.get_by_role("link", name="Book pest control").click()
    page.get_by_label("Rats").check()
    page.get_by_label("Where are they?").fill("In the loft, and under the kitchen floor.")
    pages.continue_(page)
    page.get_by_label("Phone number").fill("07911 123456")
    pages.continue_(page)

    expect(pages.heading(page)).to_have_text("Choose a day for your appointment")
    expect(page.get_by_role("main")).to_contain_text("Week beginning")
    checked("the appointment step")
    pages.continue_(page)
    checked.errors("no day chosen", "Select a day for your appointment")
    first, radio = _radio_label(page, 0)
    assert re.search(r", (morning|afternoon)$", first), first
    radio.check()
    pages.continue_(page)

    main = page.get_by_role("main")
    expect(main).to_contain_text("Appointment")
    expect(main).to_contain_text(first)
    expect(main).to_contain_text("£45")
    checked("check your answers, with the appointment")
    page.get_by_role("button", name="Send and pay").click()

    case = Case.objects.get(resident=citizen)
    pages.pay_on_the_card_page(page)
    expect(page).to_have_url(re.compile(rf"/requests/{case.reference}/$"))
    expect(page.get_by_text("Your payment has been received")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Your appointment")
    expect(page.get_by_role("main")).to_contain_text(first)
    checked("the request's page, with its appointment")

    page.get_by_role("link", name="Change the day of your appointment").click()
    expect(pages.heading(page)).to_have_text("Choose a new day for your appointment")
    checked("the change page")
    later, radio = _radio_label(page, 2)
    radio.check()
    page.get_by_role("button", name="Change the day").click()
    expect(page).to_have_url(re.compile(rf"/requests/{case.reference}/$"))
    expect(page.get_by_role("main")).to_contain_text(f"Your appointment is now on {later}")
    checked("the request's page, the appointment moved")
    booking = Booking.objects.select_related("slot").get(case=case)
    case.refresh_from_db()
    assert case.appointment_on == booking.slot.date and booking.slot.booked == 1
