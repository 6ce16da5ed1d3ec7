"""The staff back office (C6, C7, C11, G3, AD2), as the people who work cases see it."""

import csv
import datetime
import io
import re
from html import escape, unescape

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import actions
from casework.models import Attachment, Case, CaseEvent, Channel, ResponseTemplate
from casework.staff import selectors as staff_selectors
from casework.workflow import Status
from tests.casework.factories import RequestTypeFactory, TeamFactory
from tests.conftest import identity_queries, signed_in
from tests.factories import AddressFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db

OPEN = [
    Status.SUBMITTED,
    Status.SENDING,
    Status.SEND_FAILED,
    Status.RECEIVED,
    Status.IN_PROGRESS,
    Status.AWAITING_CUSTOMER,
]


# --- People and cases -------------------------------------------------------------------


@pytest.fixture
def team_a(caseworker):
    team = TeamFactory(slug="streets", name="Street scene")
    team.members.add(caseworker)
    return team


@pytest.fixture
def team_b(db):
    return TeamFactory(slug="housing", name="Housing repairs")


@pytest.fixture
def bench(team_a):
    return RequestTypeFactory(slug="broken-bench", name="Report a broken bench", team=team_a)


@pytest.fixture
def leak(team_b):
    return RequestTypeFactory(slug="leak", name="Report a leak", team=team_b)


def submit(request_type, resident=None, **extra):
    extra.setdefault("answers", {"where": "By the pond"})
    extra.setdefault("summary", "Broken slat")
    return actions.case_submit(request_type=request_type, resident=resident, **extra)


@pytest.fixture
def case(bench, citizen):
    return submit(bench, citizen)


@pytest.fixture
def worker(caseworker):
    return signed_in(caseworker, verified=True)


ROW_LINK = re.compile(r'<th scope="row" class="govuk-table__header[^"]*"><a [^>]*>([^<]+)</a>')


def queue_page(client, query="") -> str:
    response = client.get(reverse("staff:queue") + query)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.content.decode()


def queue_refs(client, query="") -> list[str]:
    return ROW_LINK.findall(queue_page(client, query))


def link(html: str, rel: str) -> str:
    """The query string of the "Next page" (next) or "Previous" (prev) link, if any."""
    found = re.search(rf'href="([^"]+)" rel="{rel}"', html)
    return unescape(found.group(1)) if found else ""


# --- The queue -------------------------------------------------------------------------------


def test_a_caseworker_sees_open_cases_of_their_teams_by_default(
    worker, bench, leak, citizen, caseworker
):
    mine = submit(bench, citizen)
    done = submit(bench, citizen)
    actions.case_resolve(case=done, actor=caseworker, message="Fixed")
    other_team = submit(leak, citizen)

    assert queue_refs(worker) == [mine.reference]
    # Without filters they see every case of their teams, never another team's.
    everything = queue_refs(worker, "?filtered=1")
    assert set(everything) == {mine.reference, done.reference}
    assert other_team.reference not in everything


def test_agents_see_every_team_s_cases(agent, bench, leak, citizen):
    cases = [submit(bench, citizen), submit(leak, citizen)]

    refs = queue_refs(signed_in(agent, verified=True))

    assert set(refs) == {c.reference for c in cases}


def test_councillors_see_only_the_cases_they_raised(councillor, bench, citizen):
    theirs = submit(bench, None, actor=councillor, contact_name="Pat", channel=Channel.COUNCILLOR)
    submit(bench, citizen)

    client = signed_in(councillor, verified=True)

    assert queue_refs(client) == [theirs.reference]
    assert client.get(reverse("staff:case", args=[theirs.reference])).status_code == 200


def test_the_queue_table_shows_what_staff_work_by(worker, bench, citizen, caseworker):
    ward = WardFactory(name="Millbrook Central")
    case = submit(bench, citizen, address=AddressFactory(ward=ward), channel=Channel.PHONE)
    actions.case_assign(case=case, actor=caseworker, assignee=caseworker)
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() - datetime.timedelta(1))

    html = worker.get(reverse("staff:queue")).content.decode()

    assert f'href="{reverse("staff:case", args=[case.reference])}"' in html
    for text in ("Report a broken bench", "Millbrook Central", "Phone", "Overdue"):
        assert text in html
    assert escape(caseworker.get_full_name()) in html
    assert "govuk-tag--red" in html
    assert 'name="filtered"' in html and "Apply filters" in html and "Clear filters" in html


@pytest.fixture
def mixed(bench, citizen, caseworker, team_a):
    """Cases differing in one thing each, all in the caseworker's team."""
    today = timezone.localdate()
    north, south = WardFactory(name="North"), WardFactory(name="South")
    cases = {
        "late": submit(bench, citizen, address=AddressFactory(ward=north)),
        "on_time": submit(bench, citizen, address=AddressFactory(ward=south)),
        "mine": submit(bench, citizen, channel=Channel.PHONE),
        "in_progress": submit(bench, citizen),
        "done": submit(bench, citizen),
    }
    Case.objects.filter(pk=cases["late"].pk).update(due_date=today - datetime.timedelta(days=3))
    actions.case_assign(case=cases["mine"], actor=caseworker, assignee=caseworker)
    actions.case_change_status(
        case=cases["in_progress"], status=Status.IN_PROGRESS, actor=caseworker
    )
    actions.case_resolve(case=cases["done"], actor=caseworker, message="Mended")
    return {name: case.reference for name, case in cases.items()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=in_progress", {"in_progress"}),
        ("status=resolved&status=in_progress", {"done", "in_progress"}),
        ("overdue=yes", {"late"}),
        ("overdue=no", {"on_time", "mine", "in_progress", "done"}),
        ("assignee=me", {"mine"}),
        ("assignee=unassigned", {"late", "on_time", "in_progress", "done"}),
        ("channel=phone", {"mine"}),
        ("team=mine", {"late", "on_time", "mine", "in_progress", "done"}),
    ],
)
def test_queue_filters(worker, mixed, query, expected):
    refs = queue_refs(worker, f"?filtered=1&{query}")

    assert sorted(refs) == sorted(mixed[name] for name in expected)


def test_queue_filters_by_ward_and_request_type(worker, mixed, bench):
    from accounts.models import Ward

    north = Ward.objects.get(name="North")
    assert queue_refs(worker, f"?filtered=1&ward={north.pk}") == [mixed["late"]]
    other = RequestTypeFactory(slug="other", team=bench.team)
    assert queue_refs(worker, f"?filtered=1&request_type={other.pk}") == []
    assert len(queue_refs(worker, f"?filtered=1&request_type={bench.pk}")) == 5


def test_queue_finds_a_case_by_its_reference_however_it_is_typed(worker, mixed):
    reference = mixed["on_time"]

    assert queue_refs(worker, f"?filtered=1&reference={reference.lower().replace('-', ' ')}") == [
        reference
    ]
    assert queue_refs(worker, f"?filtered=1&reference={reference[:4]}") == [reference]


def test_bad_filters_answer_400_with_an_error_summary(worker, mixed):
    response = worker.get(reverse("staff:queue") + "?filtered=1&status=bogus&overdue=maybe")

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "<title>Error:" in html


@pytest.fixture
def many_cases(bench, citizen):
    """Thirty cases; many share a target date, some have none."""
    today = timezone.localdate()
    cases = [submit(bench, citizen) for _ in range(30)]
    for index, case in enumerate(cases):
        due = None if index % 7 == 0 else today + datetime.timedelta(days=index % 4)
        Case.objects.filter(pk=case.pk).update(due_date=due)
    return cases


@pytest.mark.parametrize("sort", ["due", "newest"])
def test_keyset_pagination_walks_every_case_once(worker, many_cases, monkeypatch, sort):
    monkeypatch.setattr(staff_selectors, "PAGE_SIZE", 7)
    want = list(
        Case.objects.order_by(*staff_selectors.SORTS[sort].order()).values_list(
            "reference", flat=True
        )
    )

    pages, query = [], f"?filtered=1&sort={sort}"
    with CaptureQueriesContext(connection) as queries:
        while query:
            html = queue_page(worker, query)
            pages.append(ROW_LINK.findall(html))
            query = link(html, "next")
    walked = [ref for page in pages for ref in page]

    assert walked == want
    assert len(walked) == len(set(walked)) == 30
    assert [len(page) for page in pages] == [7, 7, 7, 7, 2]
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)

    # And back from the last page with "Previous", page by page.
    back, query = [], link(html, "prev")
    while query:
        html = queue_page(worker, query)
        back.insert(0, ROW_LINK.findall(html))
        query = link(html, "prev")
    assert back == pages[:-1]
    assert not link(html, "prev") and link(html, "next")


def test_a_cursor_that_is_not_ours_starts_at_the_beginning(worker, mixed):
    assert len(queue_refs(worker, "?filtered=1&after=not-a-cursor")) == 5
    assert len(queue_refs(worker, "?filtered=1&before=%%%")) == 5


@pytest.mark.parametrize("count", [3, 60])
def test_queue_queries_do_not_grow_with_the_cases(
    worker, bench, citizen, count, django_assert_num_queries
):
    ward = WardFactory()
    Case.objects.bulk_create(
        Case(
            request_type=bench,
            resident=citizen,
            team=bench.team,
            address=AddressFactory(ward=ward),
            due_date=timezone.localdate(),
        )
        for _ in range(count)
    )
    worker.get(reverse("staff_home"))  # the session's sliding expiry is renewed here
    # (session, user: identity_queries), OTP device, permissions (the user's own and
    # their roles'), teams, the page of cases, request types, wards
    with django_assert_num_queries(7 + identity_queries()):
        response = worker.get(reverse("staff:queue") + "?filtered=1")
    assert response.status_code == 200
    assert len(re.findall(r'<th scope="row"', response.content.decode())) == min(count, 50)


# --- CSV export ---------------------------------------------------------------------------


def read_csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_matches_the_filters(worker, mixed, citizen):
    rows = read_csv(worker.get(reverse("staff:queue_csv") + "?filtered=1&overdue=yes"))

    assert [row["Reference"] for row in rows] == [mixed["late"]]
    row = rows[0]
    assert row["Overdue"] == "yes"
    assert row["Ward"] == "North"
    assert row["Team"] == "Street scene"
    assert row["Request type"] == "Report a broken bench"
    assert set(row) == {
        "Reference",
        "Request type",
        "Status",
        "Ward",
        "Team",
        "Assigned to",
        "Channel",
        "Created",
        "Target date",
        "Overdue",
    }
    everything = read_csv(worker.get(reverse("staff:queue_csv") + "?filtered=1"))
    assert {r["Reference"] for r in everything} == set(mixed.values())
    assert citizen.email not in str(everything)


def test_csv_export_has_every_page_and_the_defaults(worker, bench, citizen, leak):
    Case.objects.bulk_create(
        Case(request_type=bench, resident=citizen, team=bench.team) for _ in range(60)
    )
    Case.objects.bulk_create(
        Case(request_type=leak, resident=citizen, team=leak.team) for _ in range(2)
    )

    rows = read_csv(worker.get(reverse("staff:queue_csv")))

    assert len(rows) == 60  # open cases of the caseworker's team, not only the first page


def test_csv_cells_never_run_as_formulas(worker, bench, citizen):
    bench.name = "=HYPERLINK(1)"
    bench.save()
    submit(bench, citizen)

    rows = read_csv(worker.get(reverse("staff:queue_csv")))

    assert rows[0]["Request type"] == "'=HYPERLINK(1)"


# --- The case page ---------------------------------------------------------------------------


def test_case_page_shows_everything_about_the_case(worker, bench, citizen, caseworker):
    ward = WardFactory(name="Riverside")
    case = submit(
        bench,
        citizen,
        answers={"where": "By the pond", "how_urgent": "Someone could get hurt"},
        address=AddressFactory(line1="4 Mill Lane", ward=ward),
        location_text="Mill Park",
    )
    citizen.phone = "+447700900123"
    citizen.save()
    Attachment.objects.create(
        case=case,
        file=ContentFile(b"photo", name="x"),
        original_name="bench.jpg",
        content_type="image/jpeg",
        size=5,
        public=False,
    )
    actions.case_assign(case=case, actor=caseworker, assignee=caseworker)
    actions.case_add_note(case=case, actor=caseworker, message="Parks say it is ours")
    actions.case_escalate(case=case, level=1, reason="Past its target date")

    html = worker.get(reverse("staff:case", args=[case.reference])).content.decode()

    for text in (
        case.reference,
        "Report a broken bench",
        "Street scene",
        escape(caseworker.get_full_name()),
        "sam@example.org",
        "07700 900123",
        "Someone could get hurt",
        "4 Mill Lane",
        "Riverside",
        "Mill Park",
        "bench.jpg",
        "Parks say it is ours",
        "Escalated to the team lead",
        "Internal note",
        "Online",
    ):
        assert text in html, text
    attachment = case.attachments.get()
    assert reverse("staff:attachment", args=[case.reference, attachment.pk]) in html
    assert 'govuk-tag govuk-tag--yellow">Internal' in html
    assert escape(f"Assigned to {caseworker.get_full_name()} (Street scene)") in html


def test_a_case_for_someone_without_an_account_shows_their_contact_details(agent, bench):
    case = submit(
        bench,
        None,
        actor=agent,
        contact_name="Pat Jones",
        contact_phone="01632 960001",
        channel=Channel.PHONE,
    )

    html = signed_in(agent, verified=True).get(reverse("staff:case", args=[case.reference]))
    html = html.content.decode()

    assert "Pat Jones" in html and "01632 960001" in html and "No account" in html
    assert escape(f"by {agent}, for the resident") in html


def test_internal_notes_are_on_the_staff_page_but_not_the_resident_s(
    worker, case, citizen, caseworker
):
    response = worker.post(
        reverse("staff:note", args=[case.reference]), {"message": "Resident is difficult"}
    )

    assert response.status_code == 302
    staff_html = worker.get(reverse("staff:case", args=[case.reference])).content.decode()
    assert "Resident is difficult" in staff_html
    note = case.events.get(kind=CaseEvent.Kind.NOTE)
    assert not note.public and note.actor == caseworker
    resident_page = signed_in(citizen).get(reverse("casework:detail", args=[case.reference]))
    assert resident_page.status_code == 200
    assert "Resident is difficult" not in resident_page.content.decode()


# --- Working a case ---------------------------------------------------------------------------------


def post(client, name, case, data):
    return client.post(reverse(f"staff:{name}", args=[case.reference]), data)


def last_event(case) -> CaseEvent:
    return case.events.order_by("-id").first()


def test_assign_to_someone_in_a_team(worker, case, caseworker, team_b):
    colleague = UserFactory(is_staff=True)
    team_b.members.add(colleague)

    response = post(worker, "assign", case, {"team": team_b.pk, "assignee": colleague.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:case", args=[case.reference])
    case.refresh_from_db()
    assert (case.team, case.assignee) == (team_b, colleague)
    event = last_event(case)
    assert event.kind == CaseEvent.Kind.ASSIGNED and event.actor == caseworker
    assert not event.public
    page = worker.get(response["Location"])  # the caseworker is not in Housing: now a 404
    assert page.status_code == 404


def test_assign_to_me_and_unassign(worker, case, caseworker):
    html = worker.get(reverse("staff:case", args=[case.reference])).content.decode()
    assert "Assign to me" in html

    post(worker, "assign", case, {"team": case.team_id, "assignee": caseworker.pk})
    case.refresh_from_db()
    assert case.assignee == caseworker

    response = post(worker, "assign", case, {"team": case.team_id, "assignee": ""})
    case.refresh_from_db()
    assert response.status_code == 302 and case.assignee is None
    follow = worker.get(response["Location"]).content.decode()
    assert "not assigned to anyone" in follow


def test_assigning_someone_outside_the_team_is_refused(worker, case, team_b):
    outsider = UserFactory(is_staff=True)
    team_b.members.add(outsider)

    response = post(worker, "assign", case, {"team": case.team_id, "assignee": outsider.pk})

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "is not in Street scene" in html
    case.refresh_from_db()
    assert case.assignee is None


def test_change_status_with_a_public_message(worker, case, caseworker):
    response = post(worker, "status", case, {"status": "in_progress", "message": "Crew booked"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    event = last_event(case)
    assert (event.kind, event.actor, event.public, event.message) == (
        "status",
        caseworker,
        True,
        "Crew booked",
    )
    page = worker.get(response["Location"]).content.decode()
    assert "The status is now ‘In progress’" in page


def test_status_form_offers_only_plain_moves_the_workflow_allows(worker, case):
    html = worker.get(reverse("staff:status", args=[case.reference])).content.decode()
    offered = set(re.findall(r'name="status" value="([a-z_]+)"', html))

    assert offered == {"received", "in_progress"}


@pytest.mark.parametrize("status", ["resolved", "withdrawn", "sending", "bogus"])
def test_status_form_refuses_outcomes_and_system_moves(worker, case, status):
    response = post(worker, "status", case, {"status": status})

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_asking_for_information_stops_the_clock(worker, case):
    response = post(worker, "request_info", case, {"message": "Which side of the pond?"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.AWAITING_CUSTOMER
    assert case.clock_stopped_on == timezone.localdate()
    assert last_event(case).message == "Which side of the pond?"


def test_resolve_needs_a_message(worker, case, caseworker):
    refused = post(worker, "resolve", case, {"message": "  "})
    assert refused.status_code == 400
    assert "Enter what was done" in refused.content.decode()

    response = post(worker, "resolve", case, {"message": "Mended the slat"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and case.finished_at is not None
    assert last_event(case).actor == caseworker


@pytest.mark.parametrize(("name", "status"), [("close", "closed"), ("reject", "rejected")])
def test_close_and_reject_need_a_reason(worker, case, name, status):
    assert post(worker, name, case, {"message": ""}).status_code == 400

    response = post(worker, name, case, {"message": "Not council land"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == status and case.outcome_reason == "Not council land"


def test_mark_duplicate_of_another_case(worker, case, bench, citizen, caseworker):
    original = submit(bench, UserFactory())

    response = post(worker, "duplicate", case, {"original": original.reference.lower()})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.DUPLICATE and case.duplicate_of == original
    assert original.followers.filter(user=citizen).exists()


def test_duplicate_refuses_itself_and_cases_out_of_sight(worker, case, leak):
    hidden = submit(leak, UserFactory())

    itself = post(worker, "duplicate", case, {"original": case.reference})
    out_of_sight = post(worker, "duplicate", case, {"original": hidden.reference})

    assert (
        itself.status_code == 400 and "cannot be a duplicate of itself" in itself.content.decode()
    )
    assert out_of_sight.status_code == 400
    assert "that you can see" in out_of_sight.content.decode()
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_reopen_a_finished_case(worker, case, caseworker):
    actions.case_resolve(case=case, actor=caseworker, message="Done")
    html = worker.get(reverse("staff:case", args=[case.reference])).content.decode()
    assert reverse("staff:reopen", args=[case.reference]) in html
    assert reverse("staff:resolve", args=[case.reference]) not in html

    response = post(worker, "reopen", case, {"message": "Slat broke again"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.finished_at is None


def test_refused_moves_answer_400_with_the_reason(worker, case, caseworker):
    actions.case_resolve(case=case, actor=caseworker, message="Done")

    response = post(worker, "resolve", case, {"message": "Again"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "cannot be changed to ‘Done’" in html
    assert "You cannot do this while the request is ‘Done’" in html
    reopen_open = post(worker, "reopen", submit(case.request_type, None), {"message": ""})
    assert reopen_open.status_code == 400
    assert "can no longer be reopened" in reopen_open.content.decode()


def test_reply_to_the_resident_by_phone(worker, case, caseworker):
    response = post(
        worker, "reply", case, {"message": "We will come on Monday", "channel": "phone"}
    )

    assert response.status_code == 302
    event = last_event(case)
    assert (event.kind, event.actor, event.channel, event.public) == (
        "reply",
        caseworker,
        "phone",
        True,
    )
    assert "Your reply has been recorded" in worker.get(response["Location"]).content.decode()


def test_an_empty_reply_is_refused(worker, case):
    response = post(worker, "reply", case, {"message": "", "channel": "web"})

    assert response.status_code == 400
    assert "Enter your reply" in response.content.decode()


def test_response_templates_prefill_the_reply(worker, case, team_b):
    ours = ResponseTemplate.objects.create(team=case.team, name="Booked", body="A crew is booked.")
    common = ResponseTemplate.objects.create(name="Thanks", body="Thank you for telling us.")
    theirs = ResponseTemplate.objects.create(team=team_b, name="Leak", body="Turn off the water.")
    url = reverse("staff:case", args=[case.reference])

    html = worker.get(url).content.decode()
    assert "Booked" in html and "Thanks" in html and "Leak" not in html
    assert "Use template" in html

    filled = worker.get(f"{url}?template={ours.pk}").content.decode()
    assert re.search(
        r'<textarea name="message"[^>]*id="reply-message"[^>]*>\s*A crew is booked.', filled
    )
    on_reply_page = worker.get(
        reverse("staff:reply", args=[case.reference]) + f"?template={common.pk}"
    ).content.decode()
    assert "Thank you for telling us." in on_reply_page
    not_ours = worker.get(f"{url}?template={theirs.pk}").content.decode()
    assert "Turn off the water." not in not_ours


def test_each_action_has_a_page_of_its_own(worker, case):
    for name in ("assign", "reply", "note", "status", "request_info", "resolve", "close"):
        response = worker.get(reverse(f"staff:{name}", args=[case.reference]))
        assert response.status_code == 200, name


# --- Attachments ----------------------------------------------------------------------------------


def test_staff_download_attachments_of_cases_they_may_see(worker, case, bench, citizen, leak):
    attachment = Attachment.objects.create(
        case=case,
        file=ContentFile(b"internal photo", name="x"),
        original_name="slat.jpg",
        content_type="image/jpeg",
        size=14,
        public=False,
    )
    other = submit(bench, citizen)

    response = worker.get(reverse("staff:attachment", args=[case.reference, attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"internal photo"
    assert 'attachment; filename="slat.jpg"' in response["Content-Disposition"]
    # Not through another case's reference, nor on a case out of sight.
    assert (
        worker.get(reverse("staff:attachment", args=[other.reference, attachment.pk])).status_code
        == 404
    )
    hidden = submit(leak, citizen)
    hidden_file = Attachment.objects.create(
        case=hidden, file=ContentFile(b"x", name="x"), original_name="a", content_type="a", size=1
    )
    assert (
        worker.get(reverse("staff:attachment", args=[hidden.reference, hidden_file.pk])).status_code
        == 404
    )


# --- Who may do what ----------------------------------------------------------------------------------


def test_a_caseworker_cannot_see_or_touch_another_team_s_case(worker, leak, citizen):
    hidden = submit(leak, citizen)

    assert worker.get(reverse("staff:case", args=[hidden.reference])).status_code == 404
    assert post(worker, "note", hidden, {"message": "peek"}).status_code == 404
    assert post(worker, "resolve", hidden, {"message": "peek"}).status_code == 404
    assert hidden.reference not in queue_refs(worker, "?filtered=1")
    assert hidden.reference not in queue_refs(worker, f"?filtered=1&reference={hidden.reference}")
    rows = read_csv(worker.get(reverse("staff:queue_csv") + "?filtered=1"))
    assert hidden.reference not in {row["Reference"] for row in rows}
    hidden.refresh_from_db()
    assert hidden.status == Status.SUBMITTED and not hidden.events.filter(kind="note").exists()


def test_unverified_staff_are_sent_to_step_up(caseworker, case):
    client = signed_in(caseworker)
    for url in (reverse("staff:queue"), reverse("staff:case", args=[case.reference])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:verify"))
    response = client.post(reverse("staff:note", args=[case.reference]), {"message": "x"})
    assert response.status_code == 302
    assert not case.events.filter(kind="note").exists()


def test_residents_get_403(citizen, case):
    client = signed_in(citizen, verified=True)

    assert client.get(reverse("staff:queue")).status_code == 403
    assert client.get(reverse("staff:case", args=[case.reference])).status_code == 403
    assert (
        client.post(reverse("staff:note", args=[case.reference]), {"message": "x"}).status_code
        == 403
    )
    assert client.get(reverse("staff:queue_csv")).status_code == 403


# --- Staff home ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 60])
def test_staff_home_counts_in_constant_queries(
    worker, bench, citizen, caseworker, count, django_assert_num_queries
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Case.objects.bulk_create(
        Case(
            request_type=bench,
            resident=citizen,
            team=bench.team,
            assignee=caseworker if index % 3 == 0 else None,
            due_date=yesterday if index % 2 == 0 else None,
        )
        for index in range(count)
    )
    mine = len([i for i in range(count) if i % 3 == 0])
    overdue = len([i for i in range(count) if i % 2 == 0])

    worker.get(reverse("staff:queue"))  # the session's sliding expiry is renewed here
    # (session, user: identity_queries), OTP device, the roles the page lists, permissions
    # (the user's own and their roles', read once and kept for the request), teams, one
    # count of cases, one count of the deliveries needing attention, and whether they lead
    # or manage a team (managers' reports)
    with django_assert_num_queries(8 + identity_queries()):
        html = worker.get(reverse("staff_home")).content.decode()

    assert f"{mine} open case{'s' if mine != 1 else ''} assigned to you" in html
    assert f"{count - mine} open cases in your teams not assigned to anyone" in html
    assert f"{overdue} overdue case" in html
    assert reverse("staff:queue") in html


# --- Admin ----------------------------------------------------------------------------------------------


def test_the_admin_shows_cases_but_never_changes_them(admin_user, case):
    client = signed_in(admin_user, verified=True)
    url = reverse("admin:casework_case_change", args=[case.pk])

    page = client.get(url)
    response = client.post(url, {"status": "resolved"})

    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


@pytest.mark.parametrize("notes", [1, 15])
def test_case_page_queries_do_not_grow_with_the_timeline(
    worker, case, caseworker, team_b, notes, django_assert_num_queries
):
    for index in range(notes):
        actions.case_add_note(case=case, actor=caseworker, message=f"Note {index}")
        team = team_b if index % 2 else case.team
        actions.case_assign(case=case, actor=caseworker, team=team, assignee=None)
        actions.case_reply(case=case, actor=caseworker, message=f"Reply {index}")
    actions.case_assign(
        case=case, actor=caseworker, team=case.request_type.team, assignee=caseworker
    )
    url = reverse("staff:case", args=[case.reference])
    worker.get(url)  # the session's sliding expiry is renewed here

    # (session, user: identity_queries), OTP device, permissions (the user's own and their
    # roles'), the case, response templates, whether the case is theirs to work, the
    # timeline, its people and teams, attachments, the case's resident and creator, and
    # whether the case is a complaint (its stages)
    with django_assert_num_queries(13 + identity_queries()):
        response = worker.get(url)

    assert response.content.decode().count("Internal note") >= notes


def test_councillors_follow_and_reply_to_their_enquiries_but_do_not_decide_them(councillor):
    from casework import actions as case_actions
    from tests.casework.factories import RequestTypeFactory
    from tests.conftest import signed_in as _signed_in

    case = case_actions.case_submit(
        request_type=RequestTypeFactory(),
        answers={},
        summary="Raised at surgery",
        contact_name="Pat Jones",
        contact_email="pat@example.org",
        channel="councillor",
        actor=councillor,
    )
    client = _signed_in(councillor, verified=True)
    page = client.get(f"/staff/cases/{case.reference}/")
    assert page.status_code == 200
    assert f"/staff/cases/{case.reference}/resolve/" not in page.content.decode()
    response = client.post(f"/staff/cases/{case.reference}/resolve/", {"message": "Done"})
    assert response.status_code == 403
    response = client.post(f"/staff/cases/{case.reference}/note/", {"message": "Chased by phone"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "submitted"


def test_asking_for_information_needs_a_question(agent):
    import pytest as _pytest

    from casework import actions as case_actions
    from tests.casework.factories import RequestTypeFactory

    case = case_actions.case_submit(request_type=RequestTypeFactory(), answers={}, summary="x")
    with _pytest.raises(ValueError):
        case_actions.case_request_information(case=case, actor=agent, message=" ")


# --- The workspace: full width, one action panel, a map -----------------------------------


def test_staff_pages_use_the_full_width_and_resident_pages_do_not(worker, citizen_client):
    staff_html = worker.get(reverse("staff:queue")).content.decode()
    resident_html = citizen_client.get(reverse("account_home")).content.decode()

    assert "app-width-container--wide" in staff_html and "css/staff.css" in staff_html
    assert "app-width-container--wide" not in resident_html


def test_the_case_page_has_one_reply_form_and_links_to_the_other_actions(worker, case):
    html = worker.get(reverse("staff:case", args=[case.reference])).content.decode()

    forms = re.findall(r'<form method="post" action="([^"]+)"', html)
    case_url = reverse("staff:case", args=[case.reference])
    # "Assign to me" and the reply; every other action is a page of its own
    assert [url for url in forms if url.startswith(case_url)] == [
        reverse("staff:assign", args=[case.reference]),
        reverse("staff:reply", args=[case.reference]),
    ]
    for name in ("note", "assign", "status", "resolve", "close"):
        assert f'href="{reverse(f"staff:{name}", args=[case.reference])}"' in html, name


def test_a_case_with_a_position_shows_it_on_a_map_drawn_on_the_server(worker, bench, settings):
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    placed = submit(bench, latitude=52.6, longitude=-1.9)
    unplaced = submit(bench)

    html = worker.get(reverse("staff:case", args=[placed.reference])).content.decode()
    plain = worker.get(reverse("staff:case", args=[unplaced.reference])).content.decode()

    assert "Map of the case's position: latitude 52.600000, longitude -1.900000" in html
    tiles = re.findall(r'<image href="https://tiles.example/17/(\d+)/(\d+).png"', html)
    # 52.6 N, 1.9 W is in tile (64844, 42937) at zoom 17; the map is that tile and its neighbours.
    assert ("64844", "42937") in tiles and 2 <= len(tiles) <= 9
    assert "<svg" not in plain


def test_the_position_map_puts_the_point_in_the_middle():
    from casework.staff.maps import position_map

    drawn = position_map(0.0, 0.0, zoom=1, width=200, height=100)

    assert (drawn.pin_x, drawn.pin_y) == (256.0, 256.0)
    assert drawn.view_box == "156.0 206.0 200 100"
    assert {(tile.x, tile.y) for tile in drawn.tiles} == {(0, 0), (256, 0), (0, 256), (256, 256)}
    assert position_map(None, 1.0) is None
