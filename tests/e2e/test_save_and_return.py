"""Save and come back later, in a real browser, with and without JavaScript: a resident
starts a question on one device, saves it, finds it from their account on another device,
and sends it from where they stopped. Every page passes axe (WCAG 2.2 AA)."""

import re

import pytest
from playwright.sync_api import expect

from casework.models import Case, Draft
from tests.e2e import pages

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_save_on_one_device_and_finish_on_another(javascript, resident, new_context, steps):
    phone, checked = pages.journey(new_context, steps, resident, javascript=javascript)
    phone.goto("/account/")
    phone.get_by_role("link", name="General enquiries").click()
    phone.get_by_role("link", name="Ask a question").click()
    phone.get_by_label("What is it about?").fill("Broken bench in the park")
    phone.get_by_role("button", name="Save and come back later").click()

    expect(pages.heading(phone)).to_have_text("Your saved requests")
    expect(phone.get_by_role("main")).to_contain_text("Your answers have been saved")
    expect(phone.get_by_role("main")).to_contain_text("Ask a question")
    checked("saved requests, one saved")
    assert Draft.objects.filter(user=resident).count() == 1

    laptop, checked_laptop = pages.journey(new_context, steps, resident, javascript=javascript)
    laptop.goto("/")
    laptop.get_by_role("link", name=re.compile("your account", re.I)).first.click()
    laptop.get_by_role("link", name="Requests you started and saved to finish later").click()
    expect(pages.heading(laptop)).to_have_text("Your saved requests")
    checked_laptop("saved requests on another device")
    laptop.get_by_role("link", name="Continue Ask a question").click()

    expect(laptop.get_by_label("What is it about?")).to_have_value("Broken bench in the park")
    laptop.get_by_label("Tell us more").fill("The seat of the bench by the pond is split.")
    pages.continue_(laptop)
    expect(pages.heading(laptop)).to_have_text("Check your answers before sending your request")
    expect(laptop.get_by_role("main")).to_contain_text("Broken bench in the park")
    laptop.get_by_role("button", name="Send request").click()

    case = Case.objects.get(resident=resident)
    pages.expect_confirmation(laptop, "Request sent", case.reference)
    assert case.summary == "Broken bench in the park"
    assert not Draft.objects.filter(user=resident).exists()

    phone.reload()  # the first device's list no longer offers it
    expect(phone.get_by_role("main")).to_contain_text("You have no saved requests")
