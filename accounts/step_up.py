"""Step-up to tier 2: the steps of the page that asks for a second factor.

The page asks for a code from one of the person's confirmed devices. Which device is
in play, what each posted step does, and what is refused and why are decided here, on
plain values; ``accounts.views.verify`` parses the POST, calls ``step_up_take`` and
renders or redirects as its ``Answer`` says.

The steps (the page's posted ``step`` field):

- "choose": one of the person's devices. It is remembered for this session and the
  page is shown again, which sends its code when it is an e-mail or text device.
- "send": a new code by e-mail or text (only for such a device).
- "verify": the code. When it is right the session is tier 2, the device is forgotten
  and the person goes on to the page they asked for.

Anything else (a GET, or a step that does not apply to the device in play) shows the
list to choose from when no device is in play, else the page for the device's code,
sending one by e-mail or text unless one is already out.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, SideChannelDevice

from accounts import actions
from accounts.selectors import CodeSent, device_code_sent

SESSION_KEY = "stepup_device"  # the device chosen this session (its persistent_id)

CHOOSE = "choose"
SEND = "send"
VERIFY = "verify"

WRONG_CODE = _("The security code is not right or has expired. Check it and try again")


class Page(enum.StrEnum):
    SETUP = "setup"  # no device yet: the person sets one up first
    CHOOSE = "choose"  # which device to use
    CODE = "code"  # the code from ``Answer.device``
    AGAIN = "again"  # show the page again (a GET), for the device now remembered
    DONE = "done"  # verified: on to the page the person asked for


@dataclass(frozen=True)
class Posted:
    """A posted step, parsed: ``device_id`` (for "choose") and ``code`` (for "verify")
    are None when what was posted is not a valid answer."""

    step: str
    device_id: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class Answer:
    """What the page shows next. ``refused`` is why a code was not accepted, in the
    person's words; ``status`` is the HTTP status that says so (400 for a refused
    step, 503 when a code could not be sent)."""

    page: Page
    device: Device | None = None
    code: CodeSent | None = None  # for an e-mail or text device: what to say of its codes
    refused: str = ""
    status: int = 200


def sends_codes(device) -> bool:
    """An e-mail or text device: the council sends its codes (an app or a backup code
    the person already has)."""
    return isinstance(device, SideChannelDevice)


def current_device(
    devices: Sequence[Device], *, remembered: str, choose_again: bool
) -> Device | None:
    """The device the page asks a code from: the one chosen earlier in this session,
    unless the person asked to choose again; their only device when they have one."""
    chosen = None
    if not choose_again:
        chosen = next((d for d in devices if d.persistent_id == remembered), None)
    if chosen is None and len(devices) == 1:
        chosen = devices[0]
    return chosen


def _code_page(device, *, code: CodeSent | None = None, refused: str = "", status: int = 200):
    if sends_codes(device) and code is None:
        code = device_code_sent(device=device)
    if code is not None and code.failed:
        status = 503
    return Answer(Page.CODE, device=device, code=code, refused=refused, status=status)


def step_up_take(
    *,
    devices: Sequence[Device],
    session: MutableMapping,
    choose_again: bool,
    posted: Posted | None,
    verify: Callable[[Device, str], bool],
) -> Answer:
    """The page's next answer for a person with ``devices`` (strongest first).

    ``session`` keeps the device chosen (``SESSION_KEY``); ``choose_again``: the person
    asked to pick another way; ``posted``: the step posted, None for a GET. ``verify``
    checks a code from a device and, when it is right, makes the session tier 2
    (``accounts.actions.device_verify`` with the request).
    """
    if not devices:
        return Answer(Page.SETUP)
    device = current_device(
        devices, remembered=session.get(SESSION_KEY, ""), choose_again=choose_again
    )
    step = posted.step if posted is not None else ""

    if step == CHOOSE:
        chosen = next((d for d in devices if d.persistent_id == posted.device_id), None)
        if chosen is None:
            return Answer(Page.CHOOSE, status=400)
        session[SESSION_KEY] = chosen.persistent_id
        return Answer(Page.AGAIN, device=chosen)

    if step == SEND and sends_codes(device):
        session[SESSION_KEY] = device.persistent_id
        code = actions.device_send_code(device=device)
        if code.failed:
            return _code_page(device, code=code)
        return Answer(Page.AGAIN, device=device)

    if step == VERIFY and device is not None:
        if posted.code is None:
            return _code_page(device, status=400)
        if verify(device, posted.code):
            session.pop(SESSION_KEY, None)
            return Answer(Page.DONE, device=device)
        return _code_page(device, refused=str(WRONG_CODE), status=400)

    if device is None:
        return Answer(Page.CHOOSE)
    code = actions.device_offer_code(device=device) if sends_codes(device) else None
    return _code_page(device, code=code)
