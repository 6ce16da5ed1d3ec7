"""Every page each kind of visitor may open passes axe (WCAG 2.2 AA) in Chromium.

The pages come from tests/urlmap.py, so a new page is checked here as soon as
its URL exists. Each page is checked once, as the least-privileged visitor who
may open it (a resident's page looks the same to staff), and the pages that
carry each visitor's own header and navigation once more for every kind of
visitor. Each is loaded with the site's Content-Security-Policy in force, so
that one load catches anything the policy blocks (inline scripts or styles),
script errors and missing assets, then axe runs in it (Playwright evaluates axe
through the DevTools protocol, which the page's policy does not govern).
"""

import pytest

from tests import urlmap
from tests.e2e import pages

pytestmark = pytest.mark.browser

ROLES = (
    urlmap.ANONYMOUS,
    urlmap.RESIDENT_VERIFIED,
    urlmap.STAFF_VERIFIED,
    urlmap.ADMIN_VERIFIED,
)
# Pages whose header and navigation differ by who is signed in: checked for every role.
EVERY_ROLE = {"home", "account_home", "staff_home", "admin:index"}


def _cases():
    seen, cases = set(), []
    for role in ROLES:
        for route in urlmap.pages_for(role):
            if route.name not in seen or route.name in EVERY_ROLE:
                cases.append((role, route))
                seen.add(route.name)
    return cases


CASES = _cases()

# Pages that draw more once loaded (the public map's pins): given something to draw, and
# checked once it is drawn. {route name: (make the data, given the fixture getter; selector)}
DRAWN_LATER = {
    "highways:public_list": (
        lambda fixture: pages.street_reports_close_together(fixture("caseworker")),
        ".leaflet-marker-icon",
    ),
}


def _open_as(role, route, request, new_context, **options):
    visitor, owner = urlmap.people(role, request.getfixturevalue)
    client = urlmap.client_for(visitor, verified=role.verified)
    path, _provided = urlmap.prepare(route, client=client, visitor=visitor, owner=owner)
    page = new_context(client, **options).new_page()
    return path, page


@pytest.mark.parametrize(("role", "route"), CASES, ids=[f"{role}-{route}" for role, route in CASES])
def test_page_is_accessible_within_its_content_security_policy(role, route, request, new_context):
    make_data, drawn = DRAWN_LATER.get(route.name, (None, None))
    if make_data is not None:
        make_data(request.getfixturevalue)
    path, page = _open_as(role, route, request, new_context)
    console = pages.ConsoleWatch(page)

    response = page.goto(path)
    page.wait_for_load_state("load")
    if drawn is not None:
        page.locator(drawn).first.wait_for()

    assert response.status == 200, f"GET {path} as {role}: {response.status}"
    content_type = response.headers.get("content-type", "")
    if not content_type.startswith("text/html"):
        pytest.skip(f"{path} is {content_type}, not a page")
    assert response.headers.get("content-security-policy"), f"{path}: no CSP header"
    problems = pages.structure_problems(page) + console.problems()
    violations = pages.axe_violations(page)
    message = "\n".join(problems)
    if violations:
        message += f"\n{len(violations)} axe violation(s):\n" + pages.describe_violations(
            violations
        )
    assert not problems and not violations, f"{path} as {role}:\n{message}"


ERROR_PAGES = [
    pytest.param(urlmap.ANONYMOUS, "/no-such-page/", 404, id="404-not-found"),
    pytest.param(urlmap.RESIDENT_VERIFIED, "/staff/", 403, id="403-forbidden"),
]


@pytest.mark.parametrize(("role", "path", "status"), ERROR_PAGES)
def test_error_page_is_accessible(role, path, status, request, new_context):
    visitor, _owner = urlmap.people(role, request.getfixturevalue)
    client = urlmap.client_for(visitor, verified=role.verified)
    page = new_context(client, bypass_csp=True).new_page()

    response = page.goto(path)

    assert response.status == status
    problems = pages.structure_problems(page)
    violations = pages.axe_violations(page)
    assert not problems and not violations, (
        f"{path} as {role}:\n" + "\n".join(problems) + pages.describe_violations(violations)
    )
