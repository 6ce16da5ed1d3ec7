"""The journey engine: every multi-step request runs on it (ARCHITECTURE: Journeys).

A service declares a ``Journey``: its ordered ``Step`` s (each a Django form class)
with rules that say when a step applies, and what sending the answers does. The
engine does the rest, the same way for every journey:

- answers are kept in the person's casework draft after every step (so "Save and
  come back later", resuming on another device, the 28-day expiry and its reminder
  work everywhere), as the data each step's form was posted with;
- a step page may be opened only when every step before it is answered (jumping
  ahead by URL lands on the first unanswered step); a step whose rule hides it is
  never asked, and its answers are never sent;
- one "Check your answers" page (GOV.UK summary list) with "Change" links that
  return to the step and then back to the check page;
- one send that claims the draft exactly once (double clicks, the back button, two
  tabs make one request), then the payment step when a fee applies, then one
  confirmation page;
- step events (started, step answered, saved, sent) for completion and drop-out
  figures, recording who acted and for whom.

Adding a journey to a service::

    class DetailsForm(forms.Form):
        what = forms.CharField(label=_("What is it about?"))

    class SkipPermit(Journey):
        slug = "skip-permit"
        namespace = "skips"                      # the service's URL namespace

        def request_type(self, **url_kwargs):
            return request_type_get(slug="skip-permit")

        def steps(self, request_type):
            return [Step("details", DetailsForm, _("About the skip"))]

        def submit(self, *, ctx, walk):
            return case_submit(request_type=ctx.request_type, answers=walk.answers_json(), ...)

    # urls.py
    urlpatterns = SkipPermit().urls()

A rule that ends the journey with an answer instead of a form (a missed bin reported
too early, "an emergency: phone us now") is ``Journey.outcome``: it returns an
``Outcome`` (title, explanation, what to do instead) and the engine shows that page,
asks nothing further and sends nothing.

``Journey.submit`` is the only place a service writes: it runs inside the engine's
sending transaction, after the draft has been claimed, and returns the new case.
"""

from casework.journeys.definition import Journey
from casework.journeys.state import Answers, Walk
from casework.journeys.steps import JourneyContext, Outcome, Step

__all__ = ["Answers", "Journey", "JourneyContext", "Outcome", "Step", "Walk"]
