"""Seed one benchmark database and print what the load generator needs, as JSON.

Run by ``python -m tests.bench`` in a subprocess, with DATABASE_URL pointing at a
freshly migrated database and the same SECRET_KEY as the servers (the session's
auth hash depends on it):

    python -m tests.bench.seed home           residents with 1 and with 500 cases
    python -m tests.bench.seed queue 1000000  a team's queue of that many cases (PostgreSQL)

Sessions are written straight into Django's session store, the way a sign-in
leaves them (and, for staff, with a confirmed TOTP device verified in the
session, as django_otp records it), so no request has to sign in.
"""

import datetime as dt
import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import Address, User, Ward  # noqa: E402
from casework.models import Case, CaseEvent, Follower, RequestType, Team  # noqa: E402
from casework.references import ALPHABET  # noqa: E402
from casework.workflow import Status  # noqa: E402

# The shape of the data, the same for the ORM path (small) and the SQL path (large):
# cases spread evenly over three years; most recent ones open, most old ones finished.
SPAN_DAYS = 3 * 365
SLA_DAYS = 14
WARDS, ADDRESSES, RESIDENTS, CASEWORKERS = 20, 1000, 1000, 5
OPEN_STATUSES = [  # (per mille of open cases, status), cumulative
    (200, Status.SUBMITTED),
    (450, Status.RECEIVED),
    (850, Status.IN_PROGRESS),
    (1000, Status.AWAITING_CUSTOMER),
]
FINISHED_STATUSES = [
    (750, Status.RESOLVED),
    (900, Status.CLOSED),
    (950, Status.WITHDRAWN),
    (980, Status.REJECTED),
    (1000, Status.DUPLICATE),
]


def open_per_mille(age_days: float) -> int:
    return 800 if age_days < 30 else 150 if age_days < 180 else 20


def _hashes(i: int) -> tuple[int, int]:
    """Two well-spread numbers 0-999 from a case's ordinal, so every run seeds the same data."""
    return (i * 2654435761) % 1000, (i * 40503) % 1000


def _pick(table, r: int):
    return next(status for limit, status in table if r < limit)


def _people():
    """One team with its caseworkers, a request type, wards and addresses."""
    team = Team.objects.create(slug="bench-team", name="Streets team")
    request_type = RequestType.objects.create(
        service="bench", slug="bench-report", name="Report a problem", team=team, followable=True
    )
    wards = Ward.objects.bulk_create(
        Ward(code=f"E0599{n:04d}", name=f"Bench ward {n}") for n in range(WARDS)
    )
    addresses = Address.objects.bulk_create(
        Address(
            uprn=900000000 + n,
            line1=f"{n + 1} Bench Street",
            town="Millbrook",
            postcode=f"MB{n % 9 + 1} {n % 10}AA",
            ward=wards[n % WARDS],
        )
        for n in range(ADDRESSES)
    )
    caseworkers = [
        User.objects.create_user(
            email=f"caseworker{n}@bench.example", first_name=f"Caseworker{n}", is_staff=True
        )
        for n in range(CASEWORKERS)
    ]
    Group.objects.get(name=roles.CASEWORKER).user_set.add(*caseworkers)
    team.members.add(*caseworkers)
    return team, request_type, addresses, caseworkers


def _session(user, *, device=None) -> str:
    """A session as a password sign-in (and, with ``device``, a verified second factor) leaves it."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["_started"] = int(time.time())  # portal.middleware.SlidingSessionMiddleware
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    return store.session_key


def _path(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


# --- Residents' homes (ORM, any database) ------------------------------------------


def _orm_cases(*, resident, count, request_type, team, addresses, caseworkers):
    """``count`` cases for one resident with the shape above, and their timelines."""
    now = timezone.now()
    cases, shapes = [], []
    for i in range(1, count + 1):
        age = (count - i) * SPAN_DAYS / count
        r, r2 = _hashes(i)
        is_open = r < open_per_mille(age)
        status = _pick(OPEN_STATUSES if is_open else FINISHED_STATUSES, r2)
        created = now - dt.timedelta(days=age)
        due = timezone.localdate(created) + dt.timedelta(days=SLA_DAYS)
        finished = None if is_open else min(now, created + dt.timedelta(days=r2 % 20 + 1))
        overdue = is_open and due < timezone.localdate(now)
        cases.append(
            Case(
                request_type=request_type,
                status=status,
                resident=resident,
                created_by=resident,
                summary=f"Bench case {i}",
                address=addresses[i % len(addresses)],
                team=team,
                assignee=caseworkers[i % len(caseworkers)] if is_open and r2 % 2 == 0 else None,
                due_date=due,
                overdue=overdue,
                escalation_level=1 if overdue else 0,
                clock_stopped_on=(
                    timezone.localdate(created) + dt.timedelta(days=5)
                    if status == Status.AWAITING_CUSTOMER
                    else None
                ),
                outcome_reason="Bench reason" if status in (Status.CLOSED, Status.REJECTED) else "",
            )
        )
        shapes.append((created, finished))
    cases = Case.objects.bulk_create(cases)
    for case, (created, finished) in zip(cases, shapes, strict=True):
        case.created_at, case.finished_at = created, finished
        case.updated_at = finished or created
    # auto_now(_add) would overwrite the dates on create; bulk_update sets them as given.
    Case.objects.bulk_update(cases, ["created_at", "updated_at", "finished_at"], batch_size=500)
    events = []
    for case in cases:
        events.append(
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.SUBMITTED,
                actor=resident,
                status_after=Status.SUBMITTED,
                data={"due_date": case.due_date.isoformat()},
            )
        )
        if case.status != Status.SUBMITTED:
            events.append(
                CaseEvent(
                    case=case,
                    kind=CaseEvent.Kind.STATUS,
                    actor=case.assignee,
                    status_before=Status.RECEIVED,
                    status_after=case.status,
                )
            )
    events = CaseEvent.objects.bulk_create(events)
    by_case = {case.pk: shape for case, shape in zip(cases, shapes, strict=True)}
    for event in events:
        created, finished = by_case[event.case_id]
        event.created_at = (
            created
            if event.kind == CaseEvent.Kind.SUBMITTED
            else (finished or created + dt.timedelta(days=1))
        )
    CaseEvent.objects.bulk_update(events, ["created_at"], batch_size=500)
    return cases


HOME_CASES = {"home5": 5, "home500": 500}  # both homes show five rows: M3 is their count alone
JOURNEY_QUESTIONS = 3


def _bin_rounds(address) -> None:
    """The residents' address on three rounds (the home's bin days run), starting today."""
    from services.waste.models import PropertyRound, Round

    today = timezone.localdate()
    rounds = [
        Round.objects.create(
            code=f"bench-home-{stream}",
            name=f"Bench {stream}",
            stream=stream,
            weekday=(today + dt.timedelta(days=offset)).weekday(),
            every_weeks=every,
            first_date=today + dt.timedelta(days=offset),
        )
        for stream, offset, every in (("refuse", 1, 2), ("recycling", 8, 2), ("food", 1, 1))
    ]
    PropertyRound.objects.bulk_create(
        PropertyRound(address=address, round=round_, stream=round_.stream) for round_ in rounds
    )


def _follow_each_other(homes: dict) -> None:
    """What a resident links to their account beyond their own requests: each home follows
    the other resident's newest report (shown among their five latest rows)."""
    (first, second) = homes.values()
    Follower.objects.bulk_create(
        [
            Follower(user=first["user"], case=second["newest_case"]),
            Follower(user=second["user"], case=first["newest_case"]),
        ]
    )


def _journey_type(team):
    """A general request type with its own questions: the step pages M8 measures."""
    return RequestType.objects.create(
        service="general",
        slug="bench-enquiry",
        name="Bench enquiry",
        team=team,
        questions=[
            {"key": f"q{n}", "label": f"Bench question {n}?", "type": "text"}
            for n in range(JOURNEY_QUESTIONS)
        ],
    )


@transaction.atomic
def seed_home() -> dict:
    team, request_type, addresses, caseworkers = _people()
    _bin_rounds(addresses[0])
    journey_type = _journey_type(team)
    homes = {}
    for label, count in HOME_CASES.items():
        resident = User.objects.create_user(
            email=f"{label}@bench.example", first_name=label.capitalize(), address=addresses[0]
        )
        cases = _orm_cases(
            resident=resident,
            count=count,
            request_type=request_type,
            team=team,
            addresses=addresses,
            caseworkers=caseworkers,
        )
        homes[label] = {
            "user": resident,
            "newest": cases[-1].reference,
            "newest_case": cases[-1],
        }
    _follow_each_other(homes)
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        "bare_path": _path("bench_bare"),
        "whoami_path": _path("bench_whoami"),
        "home_path": _path("account_home"),
        "login_path": _path("account_login"),
        "step_path": reverse("general:question", kwargs={"type_slug": journey_type.slug}),
        **{
            label: {
                "user_id": home["user"].pk,
                "email": home["user"].email,
                "session": _session(home["user"]),
                "newest_reference": home["newest"],
            }
            for label, home in homes.items()
        },
    }


def count_queries(info: dict) -> dict:
    """Each home's and the step page's queries on a second visit, counted in-process with
    Django's test client (the same settings and database as the servers)."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = {
        "home5": info["home_path"],
        "home500": info["home_path"],
        "step": info["step_path"],
    }
    clients = {}
    for label, path in pages.items():  # first visits: the caches of the process and the user
        clients[label] = Client(HTTP_HOST="127.0.0.1")
        session = info["home5" if label == "step" else label]["session"]
        clients[label].cookies[info["cookie_name"]] = session
        clients[label].get(path)
    counts = {}
    for label, path in pages.items():
        with CaptureQueriesContext(connection) as captured:
            status = clients[label].get(path).status_code
        counts[label] = len(captured) if status == 200 else f"HTTP {status}"
        if label == "home5":
            say_queries = [q["sql"][:80] for q in captured.captured_queries]
            print(json.dumps({"home5_queries": say_queries}), file=sys.stderr)
    return counts


# --- A team's queue (SQL, PostgreSQL) ------------------------------------------------


def _reference_sql(column: str) -> str:
    """A unique reference like 'K7P3-9XQ2' from an ordinal, in SQL: base 30 on our alphabet."""
    digits = [
        f"substr('{ALPHABET}', mod({column} / {30**power}, 30)::int + 1, 1)"
        for power in range(7, -1, -1)
    ]
    return " || ".join([*digits[:4], "'-'", *digits[4:]])


def _case_sql(cases: int) -> str:
    def cases_of(table, column):
        arms = " ".join(f"WHEN {column} < {limit} THEN '{status.value}'" for limit, status in table)
        return f"CASE {arms} END"

    is_open = "r < CASE WHEN age < 30 THEN 800 WHEN age < 180 THEN 150 ELSE 20 END"
    cases = int(cases)
    # Same shape as _orm_cases: i is 1..n, oldest first. Only numbers and our own
    # constants are formatted in; the ids are query parameters.
    return f"""
    INSERT INTO casework_case (
        reference, request_type_id, status, resident_id, contact_name, contact_email,
        contact_phone, channel, created_by_id, answers, summary, address_id, location_text,
        team_id, assignee_id, due_date, clock_stopped_on, escalation_level, overdue,
        external_reference, outcome_reason, rating_comment, created_at, updated_at, finished_at
    )
    SELECT ref, %(request_type)s, status, resident, '', '', '', 'web', resident, '{{}}'::jsonb,
           'Bench case ' || i, address, '', %(team)s,
           CASE WHEN is_open AND mod(r2, 2) = 0 THEN assignee END,
           due,
           CASE WHEN status = 'awaiting_customer' THEN created_day + 5 END,
           CASE WHEN is_open AND due < current_date THEN 1 ELSE 0 END,
           is_open AND due < current_date,
           '',
           CASE WHEN status IN ('closed', 'rejected') THEN 'Bench reason' ELSE '' END,
           '',
           created, COALESCE(finished, created), finished
    FROM (
        SELECT *,
               {cases_of(OPEN_STATUSES, "r2")} AS open_status,
               {cases_of(FINISHED_STATUSES, "r2")} AS finished_status
        FROM (
            SELECT *, {is_open} AS is_open
            FROM (
                SELECT i,
                       {_reference_sql("(i + 24300000000)")} AS ref,
                       mod(i * 2654435761, 1000) AS r,
                       mod(i * 40503, 1000) AS r2,
                       ({cases} - i) * {SPAN_DAYS}.0 / {cases} AS age,
                       (%(residents)s::bigint[])[1 + mod(i, {RESIDENTS})] AS resident,
                       (%(addresses)s::bigint[])[1 + mod(i, {ADDRESSES})] AS address,
                       (%(caseworkers)s::bigint[])[1 + mod(i, {CASEWORKERS})] AS assignee
                FROM generate_series(1::bigint, {cases}::bigint) AS i
            ) AS base
        ) AS opened
    ) AS statused,
    LATERAL (SELECT CASE WHEN is_open THEN open_status ELSE finished_status END AS status) AS st,
    LATERAL (SELECT now() - make_interval(secs => age * 86400) AS created) AS c,
    LATERAL (SELECT (created AT TIME ZONE %(tz)s)::date AS created_day) AS cd,
    LATERAL (SELECT created_day + {SLA_DAYS} AS due,
                    CASE WHEN NOT is_open
                         THEN LEAST(now(), created + make_interval(days => mod(r2, 20)::int + 1))
                    END AS finished) AS d
    """  # noqa: S608


EVENT_SQL = """
INSERT INTO casework_caseevent (
    case_id, kind, public, actor_id, channel, status_before, status_after, message, data,
    created_at
)
SELECT id, 'submitted', true, resident_id, 'web', '', 'submitted', '',
       jsonb_build_object('due_date', due_date), created_at
FROM casework_case
UNION ALL
SELECT id, 'status', true, assignee_id, 'web', 'received', status, '', '{}'::jsonb,
       COALESCE(finished_at, created_at + interval '1 day')
FROM casework_case WHERE status <> 'submitted'
"""


# Secondary indexes of the two big tables (not those behind a primary key or a
# unique constraint): dropped for the bulk insert and built again after it, which
# is much faster than keeping them up to date row by row. Same schema at the end.
SECONDARY_INDEXES = """
SELECT indexname, indexdef FROM pg_indexes
WHERE schemaname = current_schema()
  AND tablename IN ('casework_case', 'casework_caseevent')
  AND indexname NOT IN (SELECT conname FROM pg_constraint)
"""


def _skip_foreign_key_checks(cursor) -> bool:
    """The rows are valid by construction; checking 3M rows' keys one by one doubles the time.

    Needs a superuser (as `postgres` is); anyone else just waits longer.
    """
    try:
        with transaction.atomic():
            cursor.execute("SET LOCAL session_replication_role = replica")
        return True
    except DatabaseError:
        return False


def seed_queue(cases: int) -> dict:
    if connection.vendor != "postgresql":
        raise SystemExit("the queue is seeded with PostgreSQL's generate_series")
    queue_path = _path("staff:queue")  # before the long part: a broken URLConf fails now
    started = time.monotonic()
    with transaction.atomic():
        team, request_type, addresses, caseworkers = _people()
        residents = User.objects.bulk_create(
            User(email=f"resident{n}@bench.example", first_name=f"Resident{n}", password="!")
            for n in range(RESIDENTS)
        )
        staff = caseworkers[0]
        device = TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            fast = _skip_foreign_key_checks(cursor)
            cursor.execute(SECONDARY_INDEXES)
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute(
                _case_sql(cases),
                {
                    "request_type": request_type.pk,
                    "team": team.pk,
                    "residents": [u.pk for u in residents],
                    "addresses": [a.pk for a in addresses],
                    "caseworkers": [u.pk for u in caseworkers],
                    "tz": settings.TIME_ZONE,
                },
            )
            cursor.execute(EVENT_SQL)
            for _name, definition in indexes:
                cursor.execute(definition)
    seeded = time.monotonic() - started
    with connection.cursor() as cursor:
        # Outside a transaction. VACUUM as autovacuum would have by now, so it does
        # not start during a measurement; ANALYZE so the planner knows the sizes.
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM casework_case")
        (count,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM casework_caseevent")
        (events,) = cursor.fetchone()
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "queue_path": queue_path,
        "staff": {"session": _session(staff, device=device)},
        "cases": count,
        "events": events,
        "seed_seconds": round(seeded, 1),
        "vacuum_seconds": round(time.monotonic() - started - seeded, 1),
        "foreign_key_checks": not fast,
    }


def main(argv: list[str]) -> None:
    kind = argv[0] if argv else ""
    # A fresh database under a prefix an earlier run of the same name used: what that run
    # cached by user id (sessions, principals, home snapshots) describes other people.
    cache.clear()
    if kind == "home":
        result = seed_home()
        result["queries"] = count_queries(result)
    elif kind == "queue" and len(argv) == 2:
        result = seed_queue(int(argv[1]))
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
