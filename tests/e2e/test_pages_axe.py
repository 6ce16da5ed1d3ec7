"""Every page each kind of visitor may open passes axe (WCAG 2.2 AA) in Chromium.

The pages come from tests/urlmap.py, so a new page is checked here as soon as
its URL exists. Each page is loaded twice:
- with the site's Content-Security-Policy bypassed, so that axe can be injected;
- with the CSP in force, to catch anything the policy blocks (inline scripts
  or styles) and any script error or missing asset.
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
CASES = [(role, route) for role in ROLES for route in urlmap.pages_for(role)]


def _open_as(role, route, request, new_context, **options):
    visitor, owner = urlmap.people(role, request.getfixturevalue)
    client = urlmap.client_for(visitor, verified=role.verified)
    path, _provided = urlmap.prepare(route, client=client, visitor=visitor, owner=owner)
    page = new_context(client, **options).new_page()
    return path, page


@pytest.mark.parametrize(("role", "route"), CASES, ids=[f"{role}-{route}" for role, route in CASES])
def test_page_is_accessible(role, route, request, new_context):
    path, page = _open_as(role, route, request, new_context, bypass_csp=True)

    response = page.goto(path)

    assert response.status == 200, f"GET {path} as {role}: {response.status}"
    content_type = response.headers.get("content-type", "")
    if not content_type.startswith("text/html"):
        pytest.skip(f"{path} is {content_type}, not a page")
    problems = pages.structure_problems(page)
    violations = pages.axe_violations(page)
    message = "\n".join(problems)
    if violations:
        message += f"\n{len(violations)} axe violation(s):\n" + pages.describe_violations(
            violations
        )
    assert not problems and not violations, f"{path} as {role}:\n{message}"


@pytest.mark.parametrize(("role", "route"), CASES, ids=[f"{role}-{route}" for role, route in CASES])
def test_page_keeps_to_its_content_security_policy(role, route, request, new_context):
    path, page = _open_as(role, route, request, new_context)
    console = pages.ConsoleWatch(page)

    response = page.goto(path)
    page.wait_for_load_state("load")

    assert response.status == 200, f"GET {path} as {role}: {response.status}"
    assert response.headers.get("content-security-policy"), f"{path}: no CSP header"
    assert not console.problems(), f"{path} as {role}:\n" + "\n".join(console.problems())


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
