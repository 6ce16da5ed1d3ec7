"""Writes of the journey engine: keep a step's answers, send once, record step events."""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from casework import drafts
from casework.journeys.definition import JourneyContext, Step
from casework.journeys.state import Answers, Walk
from casework.models import Case, Draft, JourneyEvent
from casework.uploads import PendingFile, is_pending_key, pending_read, pending_store

log = logging.getLogger(__name__)

PENDING_DIR = "journeys/pending"
# A file stored a moment before its draft is saved must not be taken for an orphan.
ORPHAN_GRACE = datetime.timedelta(hours=1)


class NotReady(Exception):
    """The answers cannot be sent yet: ``problems`` says why, in the resident's words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


# --- Step events ------------------------------------------------------------------------


def journey_event_record(
    *, ctx: JourneyContext, kind: str, step: str = "", draft: Draft | None = None
) -> None:
    JourneyEvent.objects.create(
        journey=ctx.journey.slug,
        request_type=ctx.request_type,
        kind=kind,
        step=step,
        draft_id=draft.pk if draft is not None else None,
        actor=ctx.actor,
        acting_for=ctx.citizen if ctx.citizen != ctx.actor else None,
    )


# --- Files waiting to be sent ------------------------------------------------------------


def pending_path(user_id: int, key: str) -> str:
    if not is_pending_key(key):
        raise ValueError("not a pending file key")
    return f"{PENDING_DIR}/{int(user_id)}/{key}"


def _pending_delete(user_id: int, keys: Iterable[str]) -> None:
    for key in keys:
        try:
            default_storage.delete(pending_path(user_id, key))
        except (OSError, ValueError):
            log.warning("journeys: could not delete pending file %s of user %s", key, user_id)


def pending_uploads(*, user, answers: Answers) -> list:
    """The files waiting with ``answers``, read back ready to attach to the case."""
    path_for = functools.partial(pending_path, user.pk)
    uploads = []
    for file in answers.files:
        prepared = pending_read(path_for=path_for, file=file)
        if prepared is None:
            log.warning("journeys: pending file %s of user %s has gone", file.key, user.pk)
            continue
        uploads.append(prepared)
    return uploads


def pending_files_purge(*, user=None, now: datetime.datetime | None = None) -> int:
    """Delete waiting files that no live draft names any more (an expired, sent or
    deleted draft, a closed account). For one person, or everyone (the daily job)."""
    now = now or timezone.now()
    if user is not None:
        user_ids = [user.pk]
    else:
        try:
            folders, _files = default_storage.listdir(PENDING_DIR)
        except (FileNotFoundError, OSError, NotImplementedError):
            return 0
        user_ids = [int(name) for name in folders if name.isdigit()]
    deleted = 0
    for user_id in user_ids:
        folder = f"{PENDING_DIR}/{user_id}"
        try:
            _folders, names = default_storage.listdir(folder)
        except (FileNotFoundError, OSError, NotImplementedError):
            continue
        wanted = {
            file.key
            for answers in Draft.objects.filter(user_id=user_id, expires_at__gt=now).values_list(
                "answers", flat=True
            )
            for file in Answers.from_json(answers).files
        }
        for name in names:
            if name in wanted or not is_pending_key(name):
                continue
            try:
                stored_at = default_storage.get_modified_time(f"{folder}/{name}")
            except (OSError, NotImplementedError):
                continue
            if now - stored_at >= ORPHAN_GRACE:
                _pending_delete(user_id, [name])
                deleted += 1
    return deleted


def _files_after(*, user, form, previous: tuple[PendingFile, ...]) -> list[PendingFile] | None:
    """The files kept with a step whose form takes files (``PendingFilesMixin``): those
    still ticked and the new ones, stored. None for a form without files."""
    if not hasattr(form, "uploads"):
        return None
    form.is_valid()  # cleans the files, whatever the other answers (saved as typed)
    path_for = functools.partial(pending_path, user.pk)
    kept = [file for file in form.kept_files() if file in previous]
    stored = [pending_store(path_for=path_for, upload=upload) for upload in form.uploads()]
    return [*kept, *stored]


# --- Answering a step ----------------------------------------------------------------------


@transaction.atomic
def journey_step_save(
    *,
    ctx: JourneyContext,
    step: Step,
    form,
    stale: Iterable[str] = (),
    saving: bool = False,
    event: bool = True,
) -> Draft:
    """Keep ``step``'s answers as ``form`` was posted (valid, or kept as typed when the
    resident saves to come back later), with its files; forget the answers of
    ``stale`` steps (those the new answers hide). Records the step event."""
    previous = ctx.answers or Answers()
    files = _files_after(user=ctx.citizen, form=form, previous=previous.files)
    answers = previous.without_steps(stale).with_step(step.name, form, files=files)
    new_draft = ctx.draft is None
    draft = drafts.draft_save(
        user=ctx.citizen,
        request_type=ctx.request_type,
        answers={"journey": ctx.journey.slug, "url_kwargs": ctx.url_kwargs, **answers.as_json()},
        step=step.name,
    )
    if new_draft:
        journey_event_record(ctx=ctx, kind=JourneyEvent.Kind.STARTED, draft=draft)
    if event:
        kind = JourneyEvent.Kind.SAVED if saving else JourneyEvent.Kind.STEP
        journey_event_record(ctx=ctx, kind=kind, step=step.name, draft=draft)
    if files is not None:
        dropped = [f.key for f in previous.files if f not in files]
        user_id = ctx.citizen.pk
        transaction.on_commit(lambda: _pending_delete(user_id, dropped))
    ctx.draft, ctx.answers = draft, answers
    return draft


@transaction.atomic
def journey_send(*, ctx: JourneyContext, walk: Walk) -> Case | None:
    """Send the answers as a new case, once.

    Returns None when the draft is no longer as it was read (sent by another click,
    or changed in another tab): nothing is made then. Raises ``NotReady`` when the
    answers cannot be sent yet.
    """
    problems = ctx.journey.problems(ctx=ctx, walk=walk)
    if not walk.complete:
        problems = problems or [str(walk.first_unanswered.title)]
    if problems:
        raise NotReady(problems)
    draft = ctx.draft
    # Claim the draft first: of two requests sending it, the second waits here for
    # the first to finish and then finds nothing to claim.
    if draft is None or not drafts.draft_claim(user=ctx.citizen, draft=draft):
        return None
    case = ctx.journey.submit(ctx=ctx, walk=walk)
    _book(ctx=ctx, walk=walk, case=case)
    journey_event_record(ctx=ctx, kind=JourneyEvent.Kind.SENT, draft=draft)
    keys = [file.key for file in (ctx.answers or Answers()).files]
    user_id = ctx.citizen.pk
    transaction.on_commit(lambda: _pending_delete(user_id, keys))
    return case


def _book(*, ctx: JourneyContext, walk: Walk, case: Case) -> None:
    """Steps whose forms book something (an appointment: ``casework.bookings``) book it
    now, inside the sending transaction: a day taken meanwhile undoes the whole send."""
    from casework.bookings.actions import BookingRefused

    for _step, form in walk.path:
        if not hasattr(form, "book"):
            continue
        try:
            form.book(case=case, actor=ctx.actor)
        except BookingRefused as refused:
            raise NotReady([str(refused)]) from None


def journey_answer(
    *, journey, user, url_kwargs: dict, step_name: str, data: dict, files: dict | None = None
) -> Draft:
    """Answer one step as if its page were posted (demo data, tests): ``data`` by field,
    a value or a list of values. Raises ValueError with the form's errors when the
    answers are not valid; the step must be one the answers so far lead to."""
    from django.http import QueryDict
    from django.utils.datastructures import MultiValueDict

    from casework.journeys.selectors import journey_context, journey_walk

    ctx = journey_context(journey, user=user, url_kwargs=url_kwargs)
    step = journey.step_get(ctx, step_name)
    so_far = journey_walk(ctx)
    if so_far.position(step.name) is None:
        raise ValueError(f"step {step_name} is not open to these answers")
    posted = QueryDict(mutable=True)
    for name, value in data.items():
        posted.setlist(name, [str(v) for v in (value if isinstance(value, list) else [value])])
    form_kwargs = journey.form_kwargs_for(step, ctx, so_far.values)
    form = step.form_class(posted, MultiValueDict(files or {}), **form_kwargs)
    if not form.is_valid():
        raise ValueError(form.errors.as_text())
    return journey_step_save(ctx=ctx, step=step, form=form)
