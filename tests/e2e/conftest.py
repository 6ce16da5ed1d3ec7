"""Real Chromium (Debian's) against pytest-django's live server.

The live server runs in a thread of this process, so the test can read what the
portal sent: ``django.core.mail.outbox`` and ``integrations.notify.sms.outbox``.
Playwright's sync API runs an event loop in this thread, which makes Django's
ORM refuse to run here unless told that it is safe (it is: one thread uses it),
hence DJANGO_ALLOW_ASYNC_UNSAFE, set around each browser test (its fixtures'
set-up and tear-down included) and not for the whole process: set at import it
would leak into every test collected beside this directory, such as the one that
runs `check --deploy` in a subprocess, which rightly warns about it.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from accounts import roles
from casework.request_types import request_types_sync
from tests.e2e import pages
from tests.factories import AddressFactory

HERE = Path(__file__).parent
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
BROWSER_TEST_TIMEOUT = 180


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Everything here drives a browser: mark it before `-m 'not browser'` deselects.

    A journey takes longer than the fast suite's per-test limit allows, so browser
    tests get their own (BROWSER_TEST_TIMEOUT seconds) unless they set one.
    """
    for item in items:
        if _in_here(item):
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(BROWSER_TEST_TIMEOUT))


def _in_here(item) -> bool:
    return HERE in Path(str(item.path)).parents


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if not _in_here(item):
        return (yield)
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        return (yield)
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(request) -> bool:
    return any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )


@pytest.fixture(scope="session")
def browser():
    if not Path(pages.CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {pages.CHROMIUM}: `apt-get install chromium` (see .ci/run) "
            "or set CHROMIUM to its path. Playwright's own browser download is not used."
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=pages.CHROMIUM, args=pages.LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _browser_db(transactional_db):
    """The live server's thread sees only committed data, hence transactional_db.

    A transactional test ends by emptying every table, including rows that data
    migrations created (the staff role groups and their permissions), so put those
    back first (the flush's post_migrate does too; this does not depend on it).
    (pytest-django's serialized rollback cannot do it here: once Playwright runs its
    event loop in this thread, Django keeps a different connection object.)
    """
    roles.sync_roles()


@pytest.fixture
def resident(citizen):
    """The citizen at home at 4 Mill Lane, the services' request types synced: whom the
    journeys sign in as (a module's own ``resident`` adds what its service needs)."""
    request_types_sync()
    citizen.address = AddressFactory(line1="4 Mill Lane")
    citizen.save()
    return citizen


@pytest.fixture
def new_context(browser, live_server):
    """new_context(client=None, **playwright_options): a fresh browser profile.

    With ``client`` (a signed-in django.test.Client) the profile carries its session.
    """
    contexts = []

    def make(client=None, **options):
        options.setdefault("locale", "en-GB")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        if client is not None:
            context.add_cookies(pages.cookies_from(client, live_server.url))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def steps(request, new_context):  # set up after the browser contexts, so torn down before
    """Screenshots of each step, written to test-results/ only when the test fails."""
    recorder = pages.Steps(request.node.nodeid.removeprefix("tests/e2e/"))
    yield recorder
    if _failed(request):
        folder = recorder.write()
        print(f"\nScreenshots of each step: {folder}")
