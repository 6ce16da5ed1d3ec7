"""A resident, over HTTP, for scripts/production-smoke.sh: signs in, sends a general
enquiry, and waits until the back office has it.

    python scripts/smoke_resident.py --portal 127.0.0.1:8001 --host portal.example \
        --email sam@example.org --password ... --backoffice http://127.0.0.1:8002 --wait 60

It talks to gunicorn as a TLS-terminating proxy would: the public Host, and
X-Forwarded-Proto: https (production settings redirect anything else to https).
Cookies are kept by hand because they are Secure: a browser sends them over https
to the proxy, which passes them on. Standard library only. Exits non-zero, saying
which step failed, when anything is not as a resident would see it.
"""

import argparse
import html
import http.client
import json
import re
import sys
import time
import urllib.request
from urllib.parse import urlencode, urlsplit

HIDDEN = re.compile(r"<input[^>]*type=\"hidden\"[^>]*>")
ATTRIBUTE = re.compile(r"(name|value)=\"([^\"]*)\"")


class Failed(Exception):
    pass


class Resident:
    def __init__(self, portal: str, host: str):
        self.portal, self.host = portal, host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "User-Agent": "production-smoke",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{path}"
        connection = http.client.HTTPConnection(self.portal, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers.get("Location", ""), text

    def get(self, path: str, *, expect: int = 200) -> str:
        status, location, text = self.request("GET", path)
        if status != expect:
            raise Failed(f"GET {path}: {status} {location}, expected {expect}\n{text[:2000]}")
        return text

    def post(self, path: str, page: str, answers: dict) -> str:
        """Send the page's form (its hidden fields, CSRF token included) with ``answers``.

        Returns the path it redirects to; anything but a redirect is a failure.
        """
        status, location, text = self.request("POST", path, {**hidden_fields(page), **answers})
        if status != 302:
            raise Failed(f"POST {path}: {status}, expected a redirect: {errors(text)}")
        return urlsplit(location).path or path


def errors(page: str) -> str:
    """What the page's error summary (or, without one, its heading) says."""
    found = re.search(r"govuk-error-summary__list(.*?)</ul>", page, re.S) or re.search(
        r"<h1[^>]*>(.*?)</h1>", page, re.S
    )
    text = re.sub(r"<[^>]+>", " ", found.group(1)) if found else page[:500]
    return " ".join(html.unescape(text).split())


def hidden_fields(page: str) -> dict:
    fields = {}
    for tag in HIDDEN.findall(page):
        found = dict(ATTRIBUTE.findall(tag))
        if "name" in found:
            fields[found["name"]] = html.unescape(found.get("value", ""))
    return fields


def wait_until_up(resident: Resident, seconds: float) -> str:
    """/healthz once gunicorn answers it with 200 (database, cache and broker all up)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            status, _, text = resident.request("GET", "/healthz")
        except OSError as error:  # not listening yet
            status, text = 0, str(error)
        if status == 200:
            return text.strip()
        if time.monotonic() > deadline:
            raise Failed(f"/healthz did not answer 200 within {seconds:.0f} s: {status} {text}")
        time.sleep(1)


def sign_in(resident: Resident, email: str, password: str) -> None:
    page = resident.get("/account/login/")
    landed = resident.post("/account/login/", page, {"login": email, "password": password})
    if landed.startswith("/account/login"):
        raise Failed(f"signing in went back to {landed}")
    print(f"Signed in as {email}; landed on {landed}")


def send_enquiry(resident: Resident, summary: str) -> str:
    question = "/services/general/general-enquiry/"
    page = resident.get(question)
    check = resident.post(
        question, page, {"summary": summary, "details": "Sent by the production smoke."}
    )
    page = resident.get(check)
    if summary not in page:
        raise Failed(f"the check-your-answers page at {check} does not show {summary!r}")
    sent = resident.post(check, page, {})
    reference = sent.rstrip("/").rsplit("/", 1)[-1]
    page = resident.get(sent)
    if reference not in page:
        raise Failed(f"the confirmation page at {sent} does not show {reference}")
    print(f"Request sent: reference {reference} (confirmation page {sent})")
    return reference


def wait_for_back_office(backoffice: str, reference: str, seconds: float) -> dict:
    """The back office's record of the case the portal calls ``reference``."""
    deadline = time.monotonic() + seconds
    while True:
        with urllib.request.urlopen(f"{backoffice}/cases", timeout=5) as answer:  # noqa: S310
            for record in json.load(answer):
                if record.get("portal_reference") == reference:
                    return record
        if time.monotonic() > deadline:
            raise Failed(f"the back office did not have {reference} after {seconds:.0f} s")
        time.sleep(1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portal", required=True, help="host:port where gunicorn listens")
    parser.add_argument("--host", required=True, help="the portal's public host name")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--backoffice", required=True, help="the back office's base URL")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for it")
    args = parser.parse_args(argv)

    resident = Resident(args.portal, args.host)
    started = time.monotonic()
    try:
        print(f"/healthz: {wait_until_up(resident, args.wait)}")
        sign_in(resident, args.email, args.password)
        reference = send_enquiry(resident, f"Production smoke {time.strftime('%H:%M:%S')}")
        sent_at = time.monotonic()
        case = wait_for_back_office(args.backoffice, reference, args.wait)
    except (Failed, OSError) as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    print(
        f"The back office has {reference} {time.monotonic() - sent_at:.1f} s after it was sent "
        f"({time.monotonic() - started:.1f} s in all):"
    )
    print(json.dumps(case, indent=2, sort_keys=True)[:2000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
