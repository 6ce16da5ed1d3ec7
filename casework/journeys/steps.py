"""A journey's parts that the engine passes around: its steps, an outcome that ends it
early, and the context of one person's request (``casework.journeys.definition`` says
what a service declares with them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms

if TYPE_CHECKING:
    from casework.journeys.definition import Journey
    from casework.journeys.state import Answers
    from casework.models import Draft, RequestType


@dataclass(frozen=True)
class Step:
    """One question page: a form class, and the rule that says whether it is asked.

    ``when`` gets the cleaned answers of the steps before it, merged by field name
    (``{"blue_badge": "yes", ...}``), and returns whether this step applies; None
    means always. ``summary_exclude`` names fields left off "Check your answers".
    ``form_kwargs``: a step that says its own form's keyword arguments (a reusable step,
    such as ``casework.bookings.journeys.booking_step``) gets them from this function of
    (ctx, answers so far) instead of from the journey.
    """

    name: str
    form_class: type[forms.Form]
    title: str
    when: Callable[[Mapping[str, Any]], bool] | None = None
    template: str = "journeys/step.html"
    summary_exclude: tuple[str, ...] = ()
    form_kwargs: Callable[[JourneyContext, Mapping[str, Any]], dict] | None = None

    def applies(self, values: Mapping[str, Any]) -> bool:
        return self.when is None or bool(self.when(values))


@dataclass(frozen=True)
class Outcome:
    """An answer instead of a form: where a journey's rules end it (a missed bin reported
    too early, nobody collects bins at the address, "an emergency: phone us now").

    ``Journey.outcome`` returns one. The engine shows it as a page of its own (200): a
    ``title``, the ``explanation`` (paragraphs), and ``instead`` (what to do instead, as
    ``(text, url)`` links). Nothing is sent while the answers lead to it; the resident may
    go back and change an answer. A service with more to say names its own ``template``
    (extending ``journeys/outcome.html``) and gives it ``context``.
    """

    title: str
    explanation: Sequence[str] = ()
    instead: Sequence[tuple[str, str]] = ()
    caption: str = ""
    template: str = "journeys/outcome.html"
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class JourneyContext:
    """Who is making the request, for whom, of which request type, and their draft.

    ``actor`` is the signed-in person; ``citizen`` is whom the request is for: the
    same person, or the person a contact-centre agent is helping
    (``accounts.assisting.current_citizen``). ``channel``: how the request reaches us
    (``casework.models.Channel``: online, or the agent's phone or face to face).
    """

    journey: Journey
    request_type: RequestType
    actor: Any
    citizen: Any
    url_kwargs: dict = field(default_factory=dict)
    draft: Draft | None = None
    answers: Answers | None = None
    cache: dict = field(default_factory=dict, repr=False)
    # Whose the draft is (``casework.journeys.owners.Owner``: a person, or a visitor), and
    # the page's request when there is one (a step that reads its query string).
    owner: Any = None
    request: Any = field(default=None, repr=False)
    channel: str = "web"

    @property
    def assisted(self) -> bool:
        """An agent acting for someone else (not a person acting for themselves)."""
        return self.citizen is not None and self.actor is not None and self.citizen != self.actor

    def once(self, name: str, read: Callable[[], Any]) -> Any:
        """``read()``, read once for this request (a page binds several steps' forms, and
        a journey's hooks may each want the same row)."""
        if name not in self.cache:
            self.cache[name] = read()
        return self.cache[name]
