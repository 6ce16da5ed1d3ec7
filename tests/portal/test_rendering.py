"""The look and feel: GOV.UK Frontend markup from our templates, form renderer and tags."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template import Context, Origin, Template
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory, override_settings
from django.urls import reverse

from tests.factories import UserFactory

LONDON = ZoneInfo("Europe/London")
STATIC = Path(settings.BASE_DIR) / "static"


class ExampleForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        help_text="As it appears on your council tax bill",
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": "Sam"}),
        error_messages={"required": "Enter your name"},
    )
    code = forms.CharField(
        label="Code",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
    )
    email = forms.EmailField(label="Email address", required=False)
    password = forms.CharField(label="Password", required=False, widget=forms.PasswordInput)
    details = forms.CharField(label="Details", required=False, widget=forms.Textarea)
    bin = forms.ChoiceField(label="Which bin?", choices=[("blue", "Blue"), ("green", "Green")])
    channel = forms.ChoiceField(
        label="How should we contact you?",
        help_text="Choose one",
        choices=[("email", "Email"), ("sms", "Text message")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how we should contact you"},
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        required=False,
        choices=[("news", "News"), ("bins", "Bins")],
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(
        label="I agree", error_messages={"required": "Confirm that you agree"}
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Something about the whole form")


def _tag(html: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    match = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, f"no element with id={element_id}"
    return match.group(0)


def _inline_scripts(html: str) -> list[str]:
    return [tag for tag in re.findall(r"<script\b[^>]*>", html) if " src=" not in tag]


# --- Dates ---------------------------------------------------------------------------


def test_govuk_date():
    rendered = Template("{{ day|govuk_date }}").render(Context({"day": datetime.date(2027, 3, 14)}))
    assert rendered == "14 March 2027"


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (14, 30, "14 March 2027 at 2:30pm"),
        (9, 0, "14 March 2027 at 9am"),
        (0, 5, "14 March 2027 at 12:05am"),
        (12, 0, "14 March 2027 at midday"),
        (0, 0, "14 March 2027 at midnight"),
    ],
)
def test_govuk_datetime(hour, minute, expected):
    moment = datetime.datetime(2027, 3, 14, hour, minute, tzinfo=LONDON)
    rendered = Template("{{ moment|govuk_datetime }}").render(Context({"moment": moment}))
    assert rendered == expected


def test_govuk_datetime_shows_local_time():
    moment = datetime.datetime(2027, 7, 1, 13, 30, tzinfo=datetime.UTC)  # 2:30pm in BST
    assert Template("{{ m|govuk_datetime }}").render(Context({"m": moment})) == (
        "1 July 2027 at 2:30pm"
    )


# --- The form renderer ---------------------------------------------------------------


def test_unbound_form_renders_govuk_controls_and_keeps_widget_attributes():
    html = str(ExampleForm())

    name = _tag(html, "id_name")
    assert 'class="govuk-input"' in name
    assert 'autocomplete="name"' in name
    assert "placeholder" not in name  # GOV.UK uses labels and hints instead
    assert 'aria-describedby="id_name-hint"' in name
    assert (
        '<div id="id_name-hint" class="govuk-hint">As it appears on your council tax bill</div>'
        in html
    )
    assert '<label class="govuk-label" for="id_name">Your name</label>' in html

    code = _tag(html, "id_code")
    assert 'class="govuk-input govuk-input--width-10"' in code
    assert 'inputmode="numeric"' in code
    assert 'type="email"' in _tag(html, "id_email")
    assert "govuk-textarea" in _tag(html, "id_details")
    assert "govuk-select" in _tag(html, "id_bin")
    assert 'class="govuk-checkboxes__input"' in _tag(html, "id_agree")
    assert '<input type="hidden" name="token" id="id_token">' in html
    assert "govuk-form-group--error" not in html
    assert "govuk-error-message" not in html


def test_password_uses_the_password_input_component():
    html = str(ExampleForm())

    assert 'data-module="govuk-password-input"' in html
    password = _tag(html, "id_password")
    assert "govuk-password-input__input govuk-js-password-input-input" in password
    assert 'spellcheck="false"' in password
    assert 'aria-controls="id_password"' in html  # the Show button, revealed by JavaScript
    assert re.search(r"<button[^>]*govuk-password-input__toggle[^>]*hidden>", html)


def test_radios_and_checkboxes_are_a_fieldset_with_a_legend():
    html = str(ExampleForm())

    assert re.search(
        r'<fieldset class="govuk-fieldset" aria-describedby="id_channel-hint">\s*'
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">'
        r"How should we contact you\?</legend>",
        html,
    )
    assert '<div class="govuk-radios" data-module="govuk-radios">' in html
    assert 'class="govuk-radios__input"' in _tag(html, "id_channel_0")
    assert (
        '<label class="govuk-label govuk-radios__label" for="id_channel_1">Text message</label>'
        in html
    )
    assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in html
    assert 'class="govuk-checkboxes__input"' in _tag(html, "id_topics_0")
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Topics</legend>' in html
    )


def test_invalid_form_shows_inline_errors_described_by_the_control():
    form = ExampleForm(data={"bin": "blue"})
    assert not form.is_valid()
    html = str(form)

    name = _tag(html, "id_name")
    assert 'aria-describedby="id_name-hint id_name-error"' in name
    assert "govuk-input--error" in name
    assert (
        '<p id="id_name-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Enter your name</p>'
    ) in html
    assert html.count("govuk-form-group--error") == 3  # name, channel, agree
    assert re.search(
        r'<fieldset class="govuk-fieldset" aria-describedby="id_channel-hint id_channel-error">',
        html,
    )
    assert 'aria-describedby="id_agree-error"' in _tag(html, "id_agree")
    assert "Something about the whole form" not in html  # only in the error summary


def test_error_summary_links_each_error_to_its_field():
    form = ExampleForm(data={"bin": "blue"})
    form.is_valid()

    html = render_to_string("includes/error_summary.html", {"form": form})

    assert 'data-module="govuk-error-summary"' in html
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
    assert links == [
        ("#id_name", "Something about the whole form"),  # no field of its own: the first one
        ("#id_name", "Enter your name"),
        ("#id_channel_0", "Select how we should contact you"),  # the first radio
        ("#id_agree", "Confirm that you agree"),
    ]
    # The simple tag gives the same.
    tag = Template("{% error_summary form %}").render(Context({"form": form}))
    assert tag.strip() == html.strip()


def test_error_summary_is_empty_without_errors():
    assert render_to_string("includes/error_summary.html", {"form": ExampleForm()}).strip() == ""
    assert render_to_string("includes/error_summary.html", {}).strip() == ""


def test_govuk_field_tag_options():
    form = ExampleForm()
    html = Template(
        '{% govuk_field form.name label="Full name" hint="" classes="govuk-input--width-20" heading=True %}'
    ).render(Context({"form": form}))

    assert (
        '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="id_name">Full name</label></h1>'
        in html
    )
    assert "govuk-hint" not in html
    assert 'class="govuk-input govuk-input--width-20"' in _tag(html, "id_name")


# --- Page titles --------------------------------------------------------------------------


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_title_gets_error_prefix_when_a_form_on_the_page_has_errors(rf):
    page = Template(
        '{% extends "base.html" %}{% block title %}Your name{% endblock %}'
        "{% block content %}<h1>Your name</h1>{% endblock %}"
    )
    invalid = ExampleForm(data={})
    invalid.is_valid()

    assert _title(page.render(Context({"form": ExampleForm()}))).startswith("Your name – ")
    assert _title(page.render(Context({"form": invalid}))).startswith("Error: Your name – ")
    assert _title(page.render(Context({"verify_form": invalid}))).startswith("Error: ")
    assert _title(page.render(Context({"page_has_errors": True}))).startswith("Error: ")


def test_title_is_not_prefixed_twice():
    page = Template('{% extends "base.html" %}{% block title %}Error: Your name{% endblock %}')
    invalid = ExampleForm(data={})
    invalid.is_valid()

    assert _title(page.render(Context({"form": invalid}))).startswith("Error: Your name – ")


# --- The page -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_base_page_has_the_govuk_furniture(client):
    html = client.get("/privacy/").content.decode()

    assert '<html lang="en-gb" class="govuk-template">' in html
    assert _title(html) == "Privacy notice – My Millbrook – Millbrook Borough Council"
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert html.count('<main class="govuk-main-wrapper" id="main-content">') == 1
    assert (
        '<img class="app-header__logo" src="/static/images/council-logo.svg" alt="Millbrook Borough Council">'
        in html
    )
    assert re.search(r'<nav aria-label="[^"]+" class="govuk-service-navigation__wrapper">', html)
    assert '<a href="/" class="govuk-service-navigation__link">My Millbrook</a>' in html
    assert "govuk-phase-banner" in html and "Beta" in html
    footer = html[html.index("<footer") :]
    for name in ("privacy", "accessibility", "cookies"):
        assert f'href="{reverse(name)}"' in footer
    assert "© Millbrook Borough Council" in footer
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in html
    assert '<script type="module" src="/static/js/init.js"></script>' in html
    # No GOV.UK branding: the council is not GOV.UK.
    assert "GOV.UK" not in html.replace("GOV.UK Notify", "")
    assert "govuk-header__logotype" not in html and "govuk-footer__crown" not in html


@pytest.mark.django_db
def test_navigation_signed_out(client):
    html = client.get("/").content.decode()

    assert f'href="{reverse("account_login")}">Sign in</a>' in html
    assert f'href="{reverse("account_signup")}">Create an account</a>' in html
    assert "Sign out" not in html


def test_navigation_signed_in_has_a_sign_out_button(citizen_client):
    html = citizen_client.get("/privacy/").content.decode()

    assert f'href="{reverse("account_home")}">Your account</a>' in html
    assert reverse("staff_home") not in html
    form = re.search(
        rf'<form method="post" action="{reverse("account_logout")}"[^>]*>(.*?)</form>', html, re.S
    )
    assert form, "a sign-out form that works without JavaScript"
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert re.search(
        r'<button type="submit" class="[^"]*app-link-button">Sign out</button>', form.group(1)
    )


def test_navigation_shows_staff_link_to_staff(caseworker):
    from tests.conftest import signed_in

    html = signed_in(caseworker).get("/privacy/").content.decode()

    assert f'href="{reverse("staff_home")}">Staff</a>' in html


def test_current_page_is_marked_in_the_navigation(client, db):
    html = client.get(reverse("account_login")).content.decode()

    assert re.search(
        rf'<a class="govuk-service-navigation__link" href="{reverse("account_login")}" '
        r'aria-current="page"><strong class="govuk-service-navigation__active-fallback">Sign in',
        html,
    )


@pytest.mark.django_db
def test_messages_are_notification_banners():
    request = RequestFactory().get("/")
    request.session = {}
    request.user = UserFactory.build()
    request._messages = FallbackStorage(request)
    messages.success(request, "Your name has been updated")
    messages.success(request, "Your email has been confirmed")
    messages.info(request, "We have sent you a code")

    html = render_to_string("pages/cookies.html", request=request)

    success = re.search(
        r'<div class="govuk-notification-banner govuk-notification-banner--success" role="alert"'
        r".*?</div>\s*</div>\s*</div>",
        html,
        re.S,
    ).group(0)
    assert "Your name has been updated" in success and "Your email has been confirmed" in success
    assert re.search(
        r'class="govuk-notification-banner" role="region"[^>]*>.*We have sent you a code',
        html,
        re.S,
    )
    ids = re.findall(r'id="(notification-banner-title-\d+)"', html)
    assert len(ids) == 2 and len(set(ids)) == 2


# --- Every page -------------------------------------------------------------------------------

PUBLIC_PAGES = [
    "/",
    "/privacy/",
    "/accessibility/",
    "/cookies/",
    "/account/login/",
    "/account/signup/",
    "/account/login/code/",
    "/account/password/reset/",
    "/account/password/reset/done/",
    "/account/password/reset/key/x-y/",
    "/account/inactive/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_render_without_inline_script_or_style(client, path):
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert _inline_scripts(html) == []
    assert " style=" not in html
    assert html.count("<h1") == 1
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids are unique"


@pytest.mark.parametrize(
    "path", ["/account/", "/account/password/change/", "/account/email/", "/account/logout/"]
)
def test_signed_in_pages_render_without_inline_script_or_style(citizen_client, path):
    response = citizen_client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert _inline_scripts(html) == []
    assert " style=" not in html
    assert html.count("<h1") == 1


def links(html: str) -> dict[str, str]:
    """Each link's visible words (tags stripped, spaces collapsed) and where it goes."""
    found = {}
    for href, inside in re.findall(r'<a\b[^>]*\bhref="([^"]*)"[^>]*>(.*?)</a>', html, flags=re.S):
        found[" ".join(re.sub(r"<[^>]+>", " ", inside).split())] = href
    return found


@pytest.mark.django_db
def test_home_page(client):
    html = client.get("/").content.decode()

    assert '<h1 class="govuk-heading-xl">My Millbrook</h1>' in html
    assert "report a missed bin collection" in html
    assert re.search(
        rf'<a href="{reverse("account_signup")}" role="button"[^>]*govuk-button--start',
        html,
    )


@pytest.mark.django_db
def test_a_signed_out_visitor_is_offered_what_needs_no_account(client):
    html = client.get("/").content.decode()

    offered = links(html)
    assert offered["Check your bin collection days"] == reverse("waste:start")
    assert offered["Report a problem in the street"] == reverse("highways:report_start")
    assert offered["See problems already reported"] == reverse("highways:public_list")
    assert offered["Create an account"] == reverse("account_signup")
    assert offered["Sign in"] == reverse("account_login")
    # What an account adds, council tax included, is a visible link to it.
    council_tax = "see your council tax account: your bill, instalments, payments and balance"
    assert offered[council_tax] == reverse("counciltax:account")


@pytest.mark.django_db
def test_the_waste_page_offers_to_report_a_missed_bin(client):
    html = client.get(reverse("waste:start")).content.decode()

    assert links(html)["Report a missed bin"] == reverse("waste:missed_start")


def test_the_account_home_offers_to_report_a_missed_bin(citizen_client):
    html = citizen_client.get(reverse("account_home")).content.decode()

    assert links(html)["Report a missed bin"] == reverse("waste:missed_start")
    assert links(html)["Link your council tax account"] == reverse("counciltax:link")


def test_home_page_signed_in_links_to_the_account(citizen_client):
    html = citizen_client.get("/").content.decode()

    assert re.search(rf'<a href="{reverse("account_home")}" role="button"', html)


def test_staff_home_shows_roles(verified_agent_client):
    html = verified_agent_client.get(reverse("staff_home")).content.decode()

    assert '<h1 class="govuk-heading-l">Staff home</h1>' in html
    assert "<li>Agent</li>" in html
    assert reverse("admin:index") not in html


def test_staff_home_links_superusers_to_the_admin(verified_admin_client):
    html = verified_admin_client.get(reverse("staff_home")).content.decode()

    assert f'href="{reverse("admin:index")}"' in html


# --- allauth's pages --------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_page(client):
    html = client.get(reverse("account_login")).content.decode()

    assert '<h1 class="govuk-heading-l">Sign in</h1>' in html
    assert '<form method="post" action="/account/login/" novalidate>' in html
    assert '<button type="submit" class="govuk-button" data-module="govuk-button"' in html
    assert (
        f'href="{reverse("account_request_login_code")}">Sign in with a code sent to your email instead'
        in html
    )
    assert f'href="{reverse("account_reset_password")}">Forgotten your password?' in html
    assert f'href="{reverse("account_signup")}">Create an account' in html
    assert 'autocomplete="current-password"' in _tag(html, "id_password")
    assert "govuk-hint" not in html  # allauth's "Forgot your password?" hint is left out


@pytest.mark.django_db
def test_failed_sign_in_shows_the_error_summary(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    html = response.content.decode()

    assert _title(html).startswith("Error: Sign in – ")
    assert html.index("govuk-error-summary") < html.index("<h1")
    assert '<a href="#id_login">Enter your email address</a>' in html
    assert 'aria-describedby="id_login-error"' in _tag(html, "id_login")


@pytest.mark.django_db
def test_empty_sign_up_shows_every_error(client):
    response = client.post(reverse("account_signup"), {"account_type": "business"})
    html = response.content.decode()

    assert _title(html).startswith("Error: Create an account – ")
    summary = html[html.index("govuk-error-summary") : html.index("<h1")]
    for anchor in (
        "#id_first_name",
        "#id_last_name",
        "#id_email",
        "#id_password1",
        "#id_organisation_name",
        "#id_privacy_consent",
    ):
        assert f'href="{anchor}"' in summary
    assert re.search(
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">'
        r"Is this account for you or for a business\?</legend>",
        html,
    )
    assert 'href="/privacy/" target="_blank"' in html  # next to the consent checkbox
    assert "govuk-form-group--error govuk-password-input" in html


def test_allauth_elements_give_govuk_markup():
    form = ExampleForm(data={})
    form.is_valid()
    html = Template(
        "{% load allauth %}"
        "{% element h1 %}Confirm access{% endelement %}"
        "{% element p %}Some text{% endelement %}"
        '{% element form method="post" action="/x/" %}'
        "{% slot body %}{% element fields form=form %}{% endelement %}{% endslot %}"
        '{% slot actions %}{% element button type="submit" %}Go{% endelement %}'
        '{% element button href="/y/" tags="outline" %}Other{% endelement %}{% endslot %}'
        "{% endelement %}",
        origin=Origin("elements-test.html", template_name="elements-test.html"),
    ).render(Context({"form": form}))

    assert html.index("govuk-error-summary") < html.index('<h1 class="govuk-heading-l">')
    assert '<p class="govuk-body">Some text</p>' in html
    assert '<form method="post" action="/x/" novalidate>' in html
    assert "govuk-input--error" in html
    assert (
        '<button class="govuk-button" data-module="govuk-button" type="submit">Go</button>' in html
    )
    assert 'class="govuk-button govuk-button--secondary"' in html


# --- Error pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_404_page_is_styled(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "If you typed the web address, check it is correct." in html
    assert "/static/css/portal.css" in html


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "Sorry, there is a problem with this request"),
        ("403.html", "You do not have permission to see this page"),
        ("404.html", "Page not found"),
        ("500.html", "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_render_with_a_bare_context(template, heading):
    """Django renders them with no request context processors when all else fails."""
    html = get_template(template).template.render(Context({}))

    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert "Millbrook Borough Council" in html  # from settings, not the context processor
    assert settings.COUNCIL_CONTACT_EMAIL in html or template == "404.html"


def test_500_page_does_not_touch_the_session_or_the_user():
    html = get_template("500.html").template.render(
        Context({"user": _Exploding(), "messages": _Exploding()})
    )

    assert "Sorry, there is a problem with the service" in html


class _Exploding:
    def __getattr__(self, name):
        raise AssertionError("the 500 page must not need the database")

    def __iter__(self):
        raise AssertionError("the 500 page must not need the session")


@override_settings(DEBUG=False)
def test_403_page(citizen_client):
    response = citizen_client.get(reverse("staff_home"))

    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


# --- The built front end ---------------------------------------------------------------------------


def test_built_css_is_in_the_councils_branding():
    css = (STATIC / "css" / "portal.css").read_text()

    assert "GDS Transport" not in css
    assert "system-ui" in css
    assert "#0b5b5b" in css
    for url in re.findall(r"url\(([^)]*)\)", css):  # all shipped (collectstatic checks them)
        assert (STATIC / url.strip("\"'").removeprefix("/static/")).exists(), url


def test_built_javascript_is_present():
    assert (STATIC / "js" / "govuk-frontend.min.js").exists()
    init = (STATIC / "js" / "init.js").read_text()
    assert 'import { initAll } from "./govuk-frontend.min.js"' in init
    assert "govuk-frontend-supported" in (STATIC / "js" / "js-enabled.js").read_text()
