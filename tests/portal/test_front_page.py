"""The front page: a newcomer finds every service from it by a link that says what it is."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_service_a_newcomer_looks_for_is_linked_from_the_front_page():
    html = Client().get("/").content.decode()
    links = dict(
        (href, re.sub(r"\s+", " ", text).strip())
        for href, text in re.findall(r'<a class="govuk-link" href="([^"]+)">([^<]+)</a>', html)
    )

    assert "rent account" in links[reverse("housing:account")]
    assert "business rates" in links[reverse("businessrates:account")]
    assert "complaint" in links[reverse("complaints:start")]
    assert "council tax" in links[reverse("counciltax:account")]
    assert "bin collection days" in links[reverse("waste:start")]
    assert f'href="{reverse("performance:standards")}"' in html  # how we are doing, in the footer
