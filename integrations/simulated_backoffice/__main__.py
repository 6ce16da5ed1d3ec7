"""python -m integrations.simulated_backoffice --port 8765 --secret ... [--failure-rate 0.3]

Serves the JSON webhook contract at /cases and Open311 GeoReport v2 at /open311/v2/
(api_key: --api-key, by default the secret). Set an Open311 request's status with
POST /open311/control/requests/<id>/status {"status": "FIXED", "description": "..."}.
With --incab-file it also serves the waste crews' in-cab records from that JSON file at
/incab/v1/rounds/<round>/<YYYY-MM-DD> (see incab.py; the file is read again when it changes).
With --revenues-file it serves council tax accounts from that JSON file at
/revenues/v1/accounts/<number> (see revenues.py; --revenues-api-key asks for a bearer key).
With --housing-file it serves tenancies, rent accounts, repairs and ASB cases at /housing/v1/
(see housing.py; --housing-api-key asks for a bearer key).
With --identity it is also the council's identity provider (OpenID Connect) for staff sign-in,
issuer <office>/identity (see identity.py; --identity-client-id and --identity-client-secret),
and prints the STAFF_OIDC_GROUP_ROLES that map its demo groups to portal roles.
"""

import argparse
import json
import os
from http.server import ThreadingHTTPServer

from integrations.simulated_backoffice.housing import HousingRecords
from integrations.simulated_backoffice.identity import IdentityProvider, demo_group_roles
from integrations.simulated_backoffice.incab import IncabRecords
from integrations.simulated_backoffice.revenues import RevenuesRecords
from integrations.simulated_backoffice.server import BackOffice, make_handler


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--secret",
        default=os.environ.get("BACKOFFICE_SECRET", ""),
        help="shared HMAC secret (default: $BACKOFFICE_SECRET)",
    )
    parser.add_argument(
        "--portal-status-url",
        default="http://127.0.0.1:8000/integrations/webhook/webhook/status",
        help="the portal's inbound status webhook",
    )
    parser.add_argument(
        "--api-key",
        default=os.environ.get("BACKOFFICE_OPEN311_API_KEY", ""),
        help="the Open311 api_key (default: $BACKOFFICE_OPEN311_API_KEY, else the secret)",
    )
    parser.add_argument("--failure-rate", type=float, default=0.0)
    parser.add_argument("--lost-reply-rate", type=float, default=0.0)
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--incab-file",
        default="",
        help="JSON file of in-cab round records to serve at /incab/v1/ (the demo writes one)",
    )
    parser.add_argument(
        "--revenues-file",
        default="",
        help="JSON file of council tax accounts to serve at /revenues/v1/ (the demo writes one)",
    )
    parser.add_argument(
        "--revenues-api-key",
        default=os.environ.get("REVENUES_API_KEY", ""),
        help="bearer key the revenues endpoints ask for (default: $REVENUES_API_KEY; empty: none)",
    )
    parser.add_argument(
        "--revenues-changes",
        default="rules",
        choices=["rules", "accepted", "refused", "queued"],
        help="how council tax changes are answered (rules: by their kind, as a real system)",
    )
    parser.add_argument(
        "--revenues-decide-after",
        type=float,
        default=120.0,
        help="seconds a queued council tax change waits before an officer decides it "
        "(0 or less: only by POST /revenues/control/change-requests/<ref>/decision)",
    )
    parser.add_argument(
        "--housing-file",
        default="",
        help="JSON file of tenancies to serve at /housing/v1/ (the demo writes one)",
    )
    parser.add_argument(
        "--housing-api-key",
        default=os.environ.get("HOUSING_API_KEY", ""),
        help="bearer key the housing endpoints ask for (default: $HOUSING_API_KEY; empty: none)",
    )
    parser.add_argument(
        "--identity",
        action="store_true",
        help="also serve the fake council identity provider (OpenID Connect) at /identity",
    )
    parser.add_argument("--identity-client-id", default="portal")
    parser.add_argument("--identity-client-secret", default="fake-secret")
    args = parser.parse_args(argv)
    if len(args.secret) < 32:
        parser.error("--secret (or $BACKOFFICE_SECRET) must be at least 32 characters")
    office = BackOffice(
        secret=args.secret,
        portal_status_url=args.portal_status_url,
        failure_rate=args.failure_rate,
        lost_reply_rate=args.lost_reply_rate,
        latency_ms=args.latency_ms,
        seed=args.seed,
        incab=IncabRecords(file=args.incab_file),
        revenues=RevenuesRecords(
            file=args.revenues_file,
            api_key=args.revenues_api_key,
            change_answer=args.revenues_changes,
            decide_after=args.revenues_decide_after if args.revenues_decide_after > 0 else None,
        ),
        housing=HousingRecords(file=args.housing_file, api_key=args.housing_api_key),
        api_key=args.api_key or args.secret,
    )
    base = f"http://{args.host}:{args.port}"
    if args.identity:
        office.identity = IdentityProvider(
            client_id=args.identity_client_id,
            client_secret=args.identity_client_secret,
            issuer=f"{base}/identity",
        )
    server = ThreadingHTTPServer((args.host, args.port), make_handler(office, quiet=False))
    print(f"Simulated back office on {base}/cases and {base}/open311/v2/", flush=True)
    if args.incab_file:
        print(f"In-cab records from {args.incab_file} on {base}/incab/v1/rounds", flush=True)
    if args.revenues_file:
        print(f"Council tax accounts from {args.revenues_file} on {base}/revenues/v1/", flush=True)
    if args.housing_file:
        print(f"Tenancies from {args.housing_file} on {base}/housing/v1/", flush=True)
    if args.identity:
        print(f"Council identity provider (staff sign-in) at {base}/identity", flush=True)
        print(f"STAFF_OIDC_GROUP_ROLES='{json.dumps(demo_group_roles())}'", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
