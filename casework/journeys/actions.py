"""Writes of the journey engine: keep a step's answers, send once, record step events."""

from __future__ import annotations

import datetime
import functools
import logging
import re
import secrets
from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.db import transaction
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from casework.acting import Acting, acting_as
from casework.bookings.actions import BookingRefused
from casework.journeys import owners
from casework.journeys.selectors import journey_context, journey_walk
from casework.journeys.state import Answers, Walk
from casework.journeys.steps import JourneyContext, Step
from casework.models import Case, Draft, JourneyEvent
from casework.uploads import PendingFile, is_pending_key, pending_read, pending_store
from core import clock

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
        actor=ctx.actor if ctx.actor is not None and ctx.actor.is_authenticated else None,
        acting_for=ctx.citizen if ctx.citizen != ctx.actor else None,
    )


# --- Files waiting to be sent ------------------------------------------------------------


_VISITOR_FOLDER = re.compile(r"^v[0-9a-f]{32}$")


def _folder_name(folder) -> str:
    """A person's folder is their id; a visitor's draft has a random one of its own
    (``v`` and 32 hex digits, kept in its answers as ``files_dir``)."""
    if isinstance(folder, str) and _VISITOR_FOLDER.match(folder):
        return folder
    return str(int(folder))


def pending_path(user_id: int | str, key: str) -> str:
    if not is_pending_key(key):
        raise ValueError("not a pending file key")
    return f"{PENDING_DIR}/{_folder_name(user_id)}/{key}"


def files_folder(ctx: JourneyContext) -> str:
    """Where ``ctx``'s files wait: the draft's own folder (a visitor's draft, also once
    its visitor has signed in), else the person's, else a new one for a visitor."""
    answers = ctx.draft.answers if ctx.draft is not None else None
    kept = answers.get("files_dir") if isinstance(answers, dict) else None
    if isinstance(kept, str) and _VISITOR_FOLDER.match(kept):
        return kept
    if ctx.citizen is not None and ctx.citizen.is_authenticated:
        return str(ctx.citizen.pk)
    return ctx.once("files_dir", lambda: "v" + secrets.token_hex(16))


def _pending_delete(user_id: int | str, keys: Iterable[str]) -> None:
    for key in keys:
        try:
            default_storage.delete(pending_path(user_id, key))
        except (OSError, ValueError):
            log.warning("journeys: could not delete pending file %s of user %s", key, user_id)


def pending_uploads(*, user=None, answers: Answers, folder: str | None = None) -> list:
    """The files waiting with ``answers``, read back ready to attach to the case (in
    ``user``'s folder, or ``folder``: ``files_folder(ctx)``)."""
    folder = folder if folder is not None else str(user.pk)
    path_for = functools.partial(pending_path, folder)
    uploads = []
    for file in answers.files:
        prepared = pending_read(path_for=path_for, file=file)
        if prepared is None:
            log.warning("journeys: pending file %s in %s has gone", file.key, folder)
            continue
        uploads.append(prepared)
    return uploads


def _wanted(folder: str, now) -> set[str]:
    """The keys of the files that live drafts keep in ``folder``."""
    live = Draft.objects.filter(expires_at__gt=now)
    if folder.isdigit():
        live = live.filter(user_id=int(folder))
    else:
        live = live.filter(answers__files_dir=folder)
    return {
        file.key
        for answers in live.values_list("answers", flat=True)
        for file in Answers.from_json(answers).files
        if not folder.isdigit() or (answers or {}).get("files_dir") in (None, "")
    }


def pending_files_purge(*, user=None, now: datetime.datetime | None = None) -> int:
    """Delete waiting files that no live draft names any more (an expired, sent or
    deleted draft, a closed account). For one person, or everyone (the daily job),
    visitors' folders too."""
    now = now or clock.now()
    if user is not None:
        folders = [str(user.pk)]
    else:
        try:
            found, _files = default_storage.listdir(PENDING_DIR)
        except (FileNotFoundError, OSError, NotImplementedError):
            return 0
        folders = [name for name in found if name.isdigit() or _VISITOR_FOLDER.match(name)]
    deleted = 0
    for name in folders:
        folder = f"{PENDING_DIR}/{name}"
        try:
            _folders, names = default_storage.listdir(folder)
        except (FileNotFoundError, OSError, NotImplementedError):
            continue
        wanted = _wanted(name, now)
        for file_name in names:
            if file_name in wanted or not is_pending_key(file_name):
                continue
            try:
                stored_at = default_storage.get_modified_time(f"{folder}/{file_name}")
            except (OSError, NotImplementedError):
                continue
            if now - stored_at >= ORPHAN_GRACE:
                _pending_delete(name, [file_name])
                deleted += 1
    return deleted


def _files_after(
    *, folder: str, form, previous: tuple[PendingFile, ...]
) -> list[PendingFile] | None:
    """The files kept with a step whose form takes files (``PendingFilesMixin``): those
    still ticked and the new ones, stored. None for a form without files."""
    if not hasattr(form, "uploads"):
        return None
    form.is_valid()  # cleans the files, whatever the other answers (saved as typed)
    path_for = functools.partial(pending_path, folder)
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
    folder = files_folder(ctx)
    files = _files_after(folder=folder, form=form, previous=previous.files)
    answers = previous.without_steps(stale).with_step(step.name, form, files=files)
    new_draft = ctx.draft is None
    kept = {"journey": ctx.journey.slug, "url_kwargs": ctx.url_kwargs, **answers.as_json()}
    if not folder.isdigit():
        kept["files_dir"] = folder
    draft = owners.draft_save_owned(
        owner=ctx.owner or owners.owner_for_user(ctx.citizen),
        request_type=ctx.request_type,
        answers=kept,
        step=step.name,
    )
    if new_draft:
        journey_event_record(ctx=ctx, kind=JourneyEvent.Kind.STARTED, draft=draft)
    if event:
        kind = JourneyEvent.Kind.SAVED if saving else JourneyEvent.Kind.STEP
        journey_event_record(ctx=ctx, kind=kind, step=step.name, draft=draft)
    if files is not None:
        dropped = [f.key for f in previous.files if f not in files]
        transaction.on_commit(lambda: _pending_delete(folder, dropped))
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
        stop = walk.outcome.title if walk.outcome else walk.first_unanswered.title
        problems = problems or [str(stop)]
    if problems:
        raise NotReady(problems)
    draft = ctx.draft
    # Claim the draft first: of two requests sending it, the second waits here for
    # the first to finish and then finds nothing to claim.
    owner = ctx.owner or owners.owner_for_user(ctx.citizen)
    if draft is None or not owners.draft_claim_owned(owner=owner, draft=draft):
        return None
    folder = files_folder(ctx)
    # An agent sending for the person they help: the case and its events record the
    # agent, the person and the channel, whatever the service names as the actor.
    helping = Acting(agent=ctx.actor, citizen=ctx.citizen, channel=ctx.channel)
    with acting_as(helping if ctx.assisted else None):
        case = ctx.journey.submit(ctx=ctx, walk=walk)
        _book(ctx=ctx, walk=walk, case=case)
    journey_event_record(ctx=ctx, kind=JourneyEvent.Kind.SENT, draft=draft)
    keys = [file.key for file in (ctx.answers or Answers()).files]
    transaction.on_commit(lambda: _pending_delete(folder, keys))
    return case


def _book(*, ctx: JourneyContext, walk: Walk, case: Case) -> None:
    """Steps whose forms book something (an appointment: ``casework.bookings``) book it
    now, inside the sending transaction: a day taken meanwhile undoes the whole send."""
    for _step, form in walk.path:
        if not hasattr(form, "book"):
            continue
        try:
            form.book(case=case, actor=ctx.actor)
        except BookingRefused as refused:
            raise NotReady([str(refused)]) from None


def journey_answer(
    *,
    journey,
    user,
    url_kwargs: dict,
    step_name: str,
    data: dict,
    files: dict | None = None,
    owner=None,
) -> Draft:
    """Answer one step as if its page were posted (demo data, tests): ``data`` by field,
    a value or a list of values. Raises ValueError with the form's errors when the
    answers are not valid; the step must be one the answers so far lead to. ``owner``:
    a visitor's (``owners.visitor_owner_for_session``), else ``user``'s."""
    ctx = journey_context(journey, user=user, url_kwargs=url_kwargs, owner=owner)
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
