"""M9's data: the summary rows the scheduled job (insight.actions.summaries_refresh) would
have written for N cases, seeded straight into the summary tables, and the public service
standards page's path, printed as JSON.

    python -m tests.bench.performance 1000000

The public page reads only the summaries, so what it costs depends on how many summary
rows there are, and that is what this seeds: the per-request-type daily totals (days x
request types, at most), the open-now figures (request types x wards x channels x
statuses) and the standards. Counting a million real cases through the job would measure
the job, not the page (and take most of an hour on this machine).
"""

import datetime as dt
import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Ward  # noqa: E402
from casework.models import Channel, RequestType, Team  # noqa: E402
from casework.workflow import Status  # noqa: E402
from insight.models import OpenFigure, ServiceStandard, SummaryRun, TypeDayFigure  # noqa: E402

SPAN_DAYS = 3 * 365  # the cases spread evenly over three years, as tests/bench/seed.py's
TYPES = [
    ("waste", "bench-missed-bin", "We collect a reported missed bin within 2 working days"),
    ("waste", "bench-container", "We deliver a new bin or box within 10 working days"),
    ("highways", "bench-pothole", "We make a reported pothole safe within 10 working days"),
    ("highways", "bench-fly-tipping", "We clear reported fly-tipping within 5 working days"),
    ("general", "bench-question", "We answer your question within 10 working days"),
]
WARDS = 20
OPEN = [Status.SUBMITTED, Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_CUSTOMER]
CHANNELS = [Channel.WEB, Channel.PHONE, Channel.FACE_TO_FACE]


def seed(cases: int) -> dict:
    started = time.monotonic()
    today = timezone.localdate()
    team, _made = Team.objects.get_or_create(slug="bench-performance", defaults={"name": "Bench"})
    types = []
    for order, (service, slug, wording) in enumerate(TYPES):
        request_type, _made = RequestType.objects.get_or_create(
            slug=slug, defaults={"service": service, "name": slug, "team": team}
        )
        standard = ServiceStandard.objects.create(
            service=service, wording=wording, target_percent=90, order=order
        )
        standard.request_types.set([request_type])
        types.append(request_type)
    wards = [
        Ward.objects.get_or_create(code=f"E0599{n:04d}", defaults={"name": f"Ward {n}"})[0]
        for n in range(WARDS)
    ]
    # Case i: made on day i * SPAN_DAYS // cases ago, of type i % 5; finished three days
    # later (but the newest 2 %, still open); one in ten late.
    totals: dict[tuple[dt.date, int], list[int]] = {}
    still_open = max(1, cases // 50)
    for i in range(cases):
        made = today - dt.timedelta(days=SPAN_DAYS - 1 - i * SPAN_DAYS // cases)
        request_type = types[i % len(types)].pk
        totals.setdefault((made, request_type), [0, 0, 0])[0] += 1
        if i < cases - still_open:
            finished = min(made + dt.timedelta(days=3), today)
            row = totals.setdefault((finished, request_type), [0, 0, 0])
            row[1] += 1
            row[2] += 0 if i % 10 == 0 else 1
    open_rows = {}
    for i in range(cases - still_open, cases):
        key = (
            types[i % len(types)].pk,
            wards[(i // 5) % WARDS].pk,
            CHANNELS[(i // 100) % 3],
            OPEN[(i // 7) % 4],
        )
        open_rows.setdefault(key, [0, 0])
        open_rows[key][0] += 1
        open_rows[key][1] += 1 if i % 10 == 0 else 0
    with transaction.atomic():
        TypeDayFigure.objects.bulk_create(
            (
                TypeDayFigure(
                    day=day, request_type_id=pk, received=row[0], closed=row[1], met_target=row[2]
                )
                for (day, pk), row in totals.items()
            ),
            batch_size=5000,
        )
        services = {rt.pk: rt.service for rt in types}
        OpenFigure.objects.bulk_create(
            OpenFigure(
                request_type_id=pk,
                service=services[pk],
                team=team,
                ward_id=ward,
                channel=channel,
                status=status,
                open=row[0],
                overdue=row[1],
            )
            for (pk, ward, channel, status), row in open_rows.items()
        )
        SummaryRun.objects.create(cursor=timezone.now(), finished_at=timezone.now())
    return {
        "cases": cases,
        "type_day_rows": len(totals),
        "open_rows": len(open_rows),
        "path": reverse("performance:standards"),
        "seed_seconds": round(time.monotonic() - started, 1),
    }


def main(argv: list[str]) -> None:
    print(json.dumps(seed(int(argv[0]))))


if __name__ == "__main__":
    main(sys.argv[1:])
