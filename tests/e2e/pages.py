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


# --- A journey, step by step -------------------------------------------------------------


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
