"""The staff workspace in Chromium: full width on a wide screen, one action panel, the
case's position on a map drawn on the server, and a phone's 320 px;
and staff signing in through the council's identity provider."""

import pytest
from playwright.sync_api import expect

from casework import actions as case_actions
from integrations.simulated_backoffice import identity
from tests.casework.factories import RequestTypeFactory, TeamFactory
from tests.e2e import pages
from tests.e2e.test_reflow import JAVASCRIPT, SMALL_SCREEN, assert_fits

pytestmark = pytest.mark.browser

WIDE_SCREEN = {"viewport": {"width": 1600, "height": 900}}


@pytest.fixture
def placed_case(caseworker, citizen, settings):
    # Tiles from the portal itself, so that the map draws without the internet.
    settings.MAP_TILE_URL = "/static/images/favicon.svg?z={z}&x={x}&y={y}"
    team = TeamFactory(slug="parks", name="Parks")
    team.members.add(caseworker)
    bench = RequestTypeFactory(slug="broken-bench", name="Report a broken bench", team=team)
    return case_actions.case_submit(
        request_type=bench,
        resident=citizen,
        answers={"where": "By the pond in Mill Park, opposite the café"},
        summary="The bench by the pond has a broken slat.",
        latitude=52.6,
        longitude=-1.9,
        location_text="Mill Park, by the pond",
    )


@JAVASCRIPT
def test_a_caseworker_s_queue_and_case_use_the_whole_wide_screen(
    javascript, caseworker, placed_case, new_context, steps
):
    page, checked = pages.journey(
        new_context, steps, caseworker, javascript=javascript, verified=True, **WIDE_SCREEN
    )

    page.goto("/staff/cases/?filtered=1")
    expect(page.get_by_role("link", name=placed_case.reference)).to_be_visible()
    main_width = page.locator("main").bounding_box()["width"]
    assert main_width > 1400, f"the queue is {main_width} px wide on a 1600 px screen"
    checked("the queue, full width")

    page.get_by_role("link", name=placed_case.reference).click()
    panel = page.locator(".app-action-panel")
    expect(panel.get_by_role("button", name="Assign to me")).to_be_visible()
    expect(panel.get_by_role("link", name="Mark as done")).to_be_visible()
    expect(panel.locator("form")).to_have_count(2)  # assign to me, and the reply
    map_ = page.get_by_role("img", name="Map of the case's position")
    expect(map_).to_be_visible()
    assert map_.bounding_box()["width"] > 200
    checked("the case: details, map and the action panel")

    panel.get_by_role("link", name="Mark as done").click()
    page.get_by_label("What was done").fill("Replaced the slat.")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("The request is marked as done")).to_be_visible()


@JAVASCRIPT
def test_the_case_page_with_its_map_fits_a_phone(
    javascript, caseworker, placed_case, new_context, steps
):
    page, checked = pages.journey(
        new_context, steps, caseworker, javascript=javascript, verified=True, **SMALL_SCREEN
    )

    page.goto(f"/staff/cases/{placed_case.reference}/")
    expect(page.get_by_role("img", name="Map of the case's position")).to_be_visible()
    assert_fits(page, "the staff case page")
    checked("the case page, 320 px wide")


def test_an_agent_sees_a_case_but_is_offered_only_a_reply_and_a_note(
    agent, placed_case, new_context, steps
):
    page, checked = pages.journey(new_context, steps, agent, verified=True)

    page.goto(f"/staff/cases/{placed_case.reference}/")
    panel = page.locator(".app-action-panel")
    expect(panel.get_by_role("link", name="Add an internal note")).to_be_visible()
    expect(panel.get_by_role("button", name="Send reply")).to_be_visible()
    expect(panel.get_by_role("link", name="Mark as done")).to_have_count(0)
    expect(panel.get_by_role("button", name="Assign to me")).to_have_count(0)
    checked("the case as an agent")


@pytest.fixture
def idp(settings):
    provider = identity.IdentityProvider(client_id="portal", client_secret="s3cret")
    running = identity.start(provider)
    settings.STAFF_OIDC_GROUP_ROLES = identity.demo_group_roles()
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {
            **policy["DIRECTIVES"],
            "form-action": [*policy["DIRECTIVES"]["form-action"], running.url],
        },
    }
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [
                {
                    "provider_id": "council",
                    "name": "your Millbrook staff account",
                    "client_id": "portal",
                    "secret": "s3cret",
                    "settings": {
                        "server_url": running.url,
                        "token_auth_method": "client_secret_post",
                    },
                }
            ],
        }
    }
    yield provider
    running.stop()


def test_staff_sign_in_with_the_council_account_and_reach_the_queue(idp, new_context, steps):
    idp.auto_sign_in, idp.auto_mfa = "caseworker@millbrook.example", True
    page, checked = pages.journey(new_context, steps)

    page.goto("/staff/cases/")
    checked("sign in, with the council account button")
    page.get_by_role("button", name="Sign in with your Millbrook staff account").click()

    expect(page.get_by_role("heading", name="Cases", exact=True)).to_be_visible()
    assert page.url.endswith("/staff/cases/")


def test_someone_without_a_portal_role_is_told_why(idp, new_context, steps):
    idp.auto_sign_in, idp.auto_mfa = "visitor@millbrook.example", True
    page, checked = pages.journey(new_context, steps)

    page.goto("/account/login/")
    page.get_by_role("button", name="Sign in with your Millbrook staff account").click()

    expect(
        page.get_by_role("heading", name="Your council account has no role in this portal")
    ).to_be_visible()
    checked("no role in the portal")
