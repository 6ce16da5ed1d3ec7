"""python -m integrations.simulated_backoffice --port 8765 --secret ... [--failure-rate 0.3]"""

import argparse
import os
from http.server import ThreadingHTTPServer

from integrations.simulated_backoffice.server import BackOffice, make_handler


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
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
    parser.add_argument("--failure-rate", type=float, default=0.0)
    parser.add_argument("--lost-reply-rate", type=float, default=0.0)
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--seed", type=int, default=None)
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
    )
    server = ThreadingHTTPServer((args.host, args.port), make_handler(office, quiet=False))
    print(f"Simulated back office on http://{args.host}:{args.port}/cases", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
