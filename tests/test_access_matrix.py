"""Every page × every kind of visitor: who gets the page, who is sent where.

The pages come from tests/urlmap.py (the project's URL conf, walked), so a new
page is in this matrix as soon as its URL exists, and fails it until someone
says who may open it, in its app's tests/<app>/urlmap.py.
"""

import types

import pytest
from django.http import HttpResponse
from django.urls import path

from accounts.decorators import signed_in_required
from tests import urlmap

pytestmark = pytest.mark.django_db

ROUTES = urlmap.routes()


def test_every_url_is_classified():
    problems = urlmap.classification_problems()
    assert not problems, "\n".join(problems)


def test_each_apps_urlmap_is_gathered():
    """Pages classified beside an app's tests reach the matrix (one from a service, one
    from the core), and the per-app modules are found without a list to keep."""
    names = {module.__name__ for module in urlmap.APP_MODULES}

    assert {"tests.services.housing.urlmap", "tests.casework.urlmap"} <= names
    assert "housing:repair_sent" in urlmap.PROVIDERS
    assert "casework:reply" in urlmap.POST_ONLY


def test_a_page_two_apps_both_list_is_refused():
    one = types.SimpleNamespace(__name__="tests.one.urlmap", POST_ONLY={"a:page", "a:other"})
    two = types.SimpleNamespace(__name__="tests.two.urlmap", POST_ONLY={"a:page"})

    assert urlmap.gathered("POST_ONLY", [one]) == dict.fromkeys({"a:page", "a:other"})
    with pytest.raises(AssertionError, match=r"tests.two.urlmap.POST_ONLY repeats \['a:page'\]"):
        urlmap.gathered("POST_ONLY", [one, two])


def _undecorated(request):
    return HttpResponse("hello")


def test_a_new_page_nobody_classified_fails_the_matrix():
    """The guard itself: add a page without a decorator or a TABLE entry and it is named."""
    import portal.urls

    class WithNewPages:
        urlpatterns = [
            *portal.urls.urlpatterns,
            path("new-page/", _undecorated, name="new_page"),
            path("things/<int:pk>/", signed_in_required(_undecorated), name="thing"),
            path("new-unnamed/", _undecorated),
            path("staff/reports/", signed_in_required(_undecorated), name="staff_reports"),
        ]

    problems = "\n".join(urlmap.classification_problems(WithNewPages))

    assert "new_page (/new-page/): not classified" in problems
    assert "thing (/things/<int:pk>/): takes pk; add an argument provider" in problems
    assert "/new-unnamed/: give it a name" in problems
    assert "staff_reports (/staff/reports/): in a staff area but not staff_only" in problems
    assert not any(line.startswith(("home ", "account_home ")) for line in problems.splitlines())


def test_the_matrix_sees_the_pages_it_must():
    names = {route.name for route in ROUTES}
    assert {"home", "account_home", "accounts:security", "staff_home", "admin:index"} <= names
    assert not any(name.startswith("admin:") and name != "admin:index" for name in names)


def _visit(route, role, request):
    if route.name in urlmap.MEMBERS_ONLY and urlmap.role_may(role, urlmap.MEMBER_PERMISSIONS):
        pytest.skip("the members' own people are tried in tests/services/members/test_access.py")
    visitor, owner = urlmap.people(role, request.getfixturevalue)
    client = urlmap.client_for(visitor, verified=role.verified)
    path, provided = urlmap.prepare(route, client=client, visitor=visitor, owner=owner)
    return client, path, provided


def header_problems(response, *, signed_in: bool) -> list[str]:
    problems = []
    csp = response.headers.get("Content-Security-Policy")
    if not csp:
        problems.append("no Content-Security-Policy header")
    else:
        directives = dict(
            (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
        )
        script_src = directives.get("script-src", directives.get("default-src", ""))
        if "'unsafe-inline'" in script_src:
            problems.append(f"script-src allows 'unsafe-inline': {script_src}")
    if response.headers.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options is {response.headers.get('X-Frame-Options')!r}")
    if not response.headers.get("Referrer-Policy"):
        problems.append("no Referrer-Policy header")
    if signed_in and "no-store" not in response.headers.get("Cache-Control", ""):
        problems.append(
            f"signed in, yet Cache-Control is {response.headers.get('Cache-Control')!r}"
        )
    return problems


@pytest.mark.parametrize("role", urlmap.ROLES, ids=str)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_who_gets_what(route, role, request):
    if not route.classified:
        pytest.fail(f"{route.name} is not classified: see test_every_url_is_classified")
    client, path, _provided = _visit(route, role, request)

    response = client.get(path)

    want = urlmap.expected(route, role, path)
    problems = []
    if response.status_code != want.status:
        got = response.status_code
        if response.has_header("Location"):
            got = f"{got} to {response['Location']}"
        problems.append(f"expected {want}, got {got}")
    elif want.to and not urlmap.same_place(response["Location"], want.to):
        problems.append(f"expected {want}, got a redirect to {response['Location']}")
    problems += header_problems(response, signed_in=not role.anonymous)
    assert not problems, f"GET {path} as {role}: " + "; ".join(problems)


STAFF_ROUTES = [route for route in ROUTES if route.staff_only]


@pytest.mark.parametrize("role", urlmap.STAFF_ROLES, ids=str)
@pytest.mark.parametrize("route", STAFF_ROUTES, ids=str)
def test_each_staff_role_gets_only_what_its_permissions_allow(route, role, request):
    """Least privilege (AD2): every staff page, as a member of staff in each role."""
    client, path, _provided = _visit(route, role, request)

    response = client.get(path)

    want = urlmap.expected(route, role, path)
    got = response.status_code
    if got != want.status and response.has_header("Location"):
        got = f"{got} to {response['Location']}"
    assert got == want.status, f"GET {path} as {role}: expected {want}, got {got}"


OWNED = [route for route in ROUTES if route.owned]


@pytest.mark.parametrize("route", OWNED, ids=str)
def test_another_resident_cannot_touch_what_is_not_theirs(route, request):
    client, path, provided = _visit(route, urlmap.ANOTHER_RESIDENT, request)

    response = client.post(path)

    assert response.status_code == 404, f"POST {path} by another resident"
    if provided.obj is not None:
        model = type(provided.obj)
        assert model.objects.filter(pk=provided.obj.pk).exists(), f"{path} changed it anyway"
