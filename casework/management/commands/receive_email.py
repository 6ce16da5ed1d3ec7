"""Take one reply to the e-mail connector on standard input: for a Postfix pipe.

Exit status, as sendmail-style delivery agents expect: 0 applied (or a repeat, or
an out-of-office, which is dropped), 67 (EX_NOUSER) no request matches, so the
mail server bounces it, 65 (EX_DATAERR) not a reply the portal can use. The
reason is printed for the bounce; it never quotes the e-mail.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from casework.inbound.email_replies import Outcome, email_reply_receive
from integrations.email_connector.inbound import MAX_RAW_BYTES

EX_DATAERR = 65
EX_NOUSER = 67
EXIT_CODES = {
    Outcome.NO_CASE: EX_NOUSER,
    Outcome.REFUSED: EX_DATAERR,
    Outcome.UNREADABLE: EX_DATAERR,
}


class Command(BaseCommand):
    help = "Read one raw e-mail (a reply to a case e-mailed to a team) on stdin and apply it."
    stealth_options = ("stdin",)

    def handle(self, *args, **options):
        stream = options.get("stdin") or sys.stdin.buffer
        raw = stream.read(MAX_RAW_BYTES + 1)
        result = email_reply_receive(raw=raw)
        if result.outcome in EXIT_CODES:
            raise CommandError(result.detail, returncode=EXIT_CODES[result.outcome])
        self.stdout.write(f"{result.outcome}: {result.reference}")
