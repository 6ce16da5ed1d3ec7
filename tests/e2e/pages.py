"""Helpers for driving the portal in a real browser (tests/e2e)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django_otp.oath import hotp
from playwright.sync_api import expect

from tests.conftest import signed_in

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS = Path(settings.BASE_DIR) / "test-results"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SIGN_IN = re.compile(r"^sign in$", re.I)
SIGN_OUT = re.compile(r"^sign out$", re.I)
CONTINUE = re.compile(r"^continue$", re.I)
PASSWORD_LABEL = re.compile(r"^password:?$", re.I)


# --- Signing in without typing (urlmap.client_for, then these cookies) ------------------------------------------------------


def cookies_from(client: Client, base_url: str) -> list[dict]:
    """The client's cookies (its session) in the shape Playwright's add_cookies takes."""
    return [
        {"name": name, "value": morsel.value, "url": base_url}
        for name, morsel in client.cookies.items()
    ]


# --- Codes a resident would read (e-mailed ones: tests.accounts.helpers) ------------------------------------------------------


def authenticator_code(device) -> str:
    """What an authenticator app would show now, for a code the device has not seen yet.

    django_otp refuses a time step it has already accepted, so a second code in
    the same 30 seconds uses the next step (within the device's tolerance) or waits.
    """
    device.refresh_from_db()
    while True:
        now = int((time.time() - device.t0) // device.step) + device.drift
        step = max(now, device.last_t + 1)
        if step - now <= device.tolerance:
            return f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"
        time.sleep(1)


# --- What a page must have -------------------------------------------------------------


class ConsoleWatch:
    """Collects Content-Security-Policy refusals and script errors seen by a page."""

    def __init__(self, page):
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.broken: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("response", self._response)

    def _console(self, message):
        if "Refused to" in message.text or "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def _response(self, response):
        if response.request.resource_type != "document" and response.status >= 400:
            self.broken.append(f"{response.status} {response.url}")

    def problems(self) -> list[str]:
        return (
            [f"CSP: {text}" for text in self.refused]
            + [f"script error: {text}" for text in self.errors]
            + [f"broken resource: {text}" for text in self.broken]
        )


def structure_problems(page) -> list[str]:
    problems = []
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{headings} <h1> elements (want exactly one)")
    if not page.title().strip():
        problems.append("no <title>")
    if not (page.locator("html").get_attribute("lang") or "").strip():
        problems.append("no lang on <html>")
    return problems


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the page as it is now."""
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


class Checker:
    """Checks each page of a journey: a screenshot, one <h1>, no axe violations (WCAG 2.2
    AA), and nothing the CSP refused, no script error, no broken resource.

    axe runs inside the page and needs its timers, which never fire where JavaScript
    is off: there, it checks the same HTML (the page's own scripts taken out) served
    at the same address, with the same stylesheets, in a page where axe can run.
    """

    def __init__(self, page, steps, new_context, *, javascript: bool):
        self.page, self.steps, self.new_context = page, steps, new_context
        self.javascript = javascript
        self.console = ConsoleWatch(page)
        self._axe_context = None

    def __call__(self, label: str) -> None:
        self.steps(label, self.page)
        problems = structure_problems(self.page)
        violations = axe_violations(self.page) if self.javascript else self._axe_without_js()
        assert not problems and not violations, (
            f"{label} ({self.page.url}):\n" + "\n".join(problems) + describe_violations(violations)
        )
        assert not self.console.problems(), f"{label}:\n" + "\n".join(self.console.problems())

    def errors(self, label: str, *messages: str) -> None:
        """The page as it is after a mistake: each message in the error summary, "Error:"
        first in the title, and the checks above."""
        summary = self.page.locator(".govuk-error-summary")
        for message in messages:
            expect(summary).to_contain_text(message)
        assert self.page.title().startswith("Error:"), self.page.title()
        self(label)

    def _axe_without_js(self) -> list[dict]:
        if self._axe_context is None:
            self._axe_context = self.new_context(bypass_csp=True)
        url = self.page.url
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", self.page.content(), flags=re.S)
        copy = self._axe_context.new_page()
        copy.route(
            lambda address: address == url,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        copy.goto(url)
        try:
            return axe_violations(copy)
        finally:
            copy.close()


# --- A journey, step by step -------------------------------------------------------------


def journey(
    new_context, steps, user=None, *, javascript: bool = True, verified: bool = False, **options
):
    """A page in a fresh browser profile (signed in as ``user`` when given, at tier 2 when
    ``verified``), and the Checker for the pages it visits: ``page, checked = journey(...)``."""
    client = signed_in(user, verified=verified) if user is not None else None
    context = new_context(client, java_script_enabled=javascript, **options)
    page = steps.watch(context.new_page())
    return page, Checker(page, steps, new_context, javascript=javascript)


class Steps:
    """Screenshots of each step, kept in memory and written out only if the test fails."""

    def __init__(self, name: str):
        self.name = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
        self.shots: list[tuple[str, bytes]] = []
        self.pages = []

    def watch(self, page):
        self.pages.append(page)
        return page

    def __call__(self, label: str, page=None):
        page = page or self.pages[-1]
        self.shots.append((label, page.screenshot(full_page=True)))

    def write(self) -> Path:
        folder = RESULTS / self.name
        if folder.exists():
            shutil.rmtree(folder)  # only this run's steps
        folder.mkdir(parents=True)
        for number, (label, image) in enumerate(self.shots, start=1):
            slug = re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-").lower()
            (folder / f"{number:02d}-{slug}.png").write_bytes(image)
        for number, page in enumerate(self.pages, start=1):
            with contextlib.suppress(Exception):  # the page may be gone; the steps remain
                page.screenshot(path=str(folder / f"zz-last-state-{number}.png"), full_page=True)
        return folder


# --- Things a resident does ------------------------------------------------------------------


def sign_in_by_password(page, email: str, password: str):
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name=SIGN_IN).click()


def sign_out(page):
    """Use the sign-out control on the page if there is one, else the sign-out page."""
    control = page.get_by_role("button", name=SIGN_OUT).or_(page.get_by_role("link", name=SIGN_OUT))
    if control.count():
        control.first.click()
    else:
        page.goto("/account/logout/")
    if path_of(page) == "/account/logout/":  # "Are you sure?"
        page.get_by_role("button", name=SIGN_OUT).click()


def path_of(page) -> str:
    return urlsplit(page.url).path


def heading(page):
    return page.get_by_role("heading", level=1)


def long_date(day) -> str:
    """A date as the portal writes it in a sentence: "Monday 7 December 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def continue_(page):
    page.get_by_role("button", name=CONTINUE).click()


def pay_on_the_card_page(page):
    """The fake payment provider's card page: pay (settings.PORTAL_BASE_URL must be the
    live server's, for the provider to send the resident back)."""
    expect(heading(page)).to_have_text("Confirm your payment")
    page.get_by_role("button", name="Pay", exact=True).click()


def expect_confirmation(page, title: str, reference: str) -> None:
    """A confirmation page: its panel's title, and the reference in the panel."""
    expect(page.locator(".govuk-panel__title")).to_have_text(title)
    expect(page.locator(".govuk-panel__body")).to_contain_text(reference)


def find_address_by_postcode(page, checked, *, postcode: str, address: str, first_try=""):
    """The waste journeys' shared pages: the postcode (``first_try`` first, one with no
    addresses), then the address from those found."""
    expect(heading(page)).to_have_text("What is the postcode of the address?")
    checked("postcode")
    field = page.get_by_label("What is the postcode of the address?")
    if first_try:
        field.fill(first_try)
        page.get_by_role("button", name="Find address").click()
        checked.errors(
            "postcode, with no addresses", f"We could not find any addresses for {first_try}"
        )
    field.fill(postcode)
    page.get_by_role("button", name="Find address").click()

    expect(heading(page)).to_have_text("Select the address")
    checked("select the address")
    page.get_by_label(address, exact=True).check()
    continue_(page)


def save_and_resume(page, checked, *, resumes_at: str):
    """Press "Save and come back later", then, on a later visit to "Your saved requests",
    continue the request: it lands on the question ``resumes_at`` (its heading)."""
    page.get_by_role("button", name="Save and come back later").click()
    expect(heading(page)).to_have_text("Your saved requests")
    checked("your saved requests")
    page.goto("/account/")
    page.goto("/requests/saved/")
    page.get_by_role("link", name=re.compile(r"^Continue")).first.click()
    expect(heading(page)).to_have_text(resumes_at)


def see_in_your_requests(page, checked, case):
    """The resident's "Your requests" list shows ``case`` open, with its target date (or the
    day it is booked for, when it has one)."""
    page.goto("/requests/")
    expect(heading(page)).to_have_text("Your requests")
    card = page.locator(".govuk-summary-card").filter(has_text=case.reference)
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading")).to_contain_text(case.request_type.name)
    case.refresh_from_db()
    if case.appointment_on:
        expect(card).to_contain_text(f"Booked for {long_date(case.appointment_on)}")
        expect(card).not_to_contain_text("We aim to finish")
    else:
        assert case.due_date, f"{case.reference} has no target date"
        expect(card).to_contain_text(f"We aim to finish this by {long_date(case.due_date)}")
    checked("your requests")
    return card


# --- Data a page needs to show what it draws after loading -------------------------------------


def street_reports_close_together(staff, *, count: int = 7) -> None:
    """``count`` street reports within a few metres of each other, as in the demo (public
    places are rounded to about 10 metres, so some share one): their pins would overlap."""
    from tests.factories import WardFactory
    from tests.services.highways.public_data import highways_types, street_report_make

    highways_types()
    central = WardFactory(code="E05999901", name="Millbrook Central")
    for number in range(count):
        street_report_make(
            ward=central,
            street="High Street",
            staff=staff,
            latitude=52.6001 + 0.00004 * (number % 3),
            longitude=-1.9002 + 0.00005 * (number // 2),
            days_ago=number,
        )
