"""Housing in plain words: pure rules on plain values (the date comes from the caller).

The repair diagnosis: which answers are an emergency (the tenant must phone now and nothing
is sent), and the priority and trade the others get. The rent account's arrears in words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from casework import sla, workflow

EMERGENCY, URGENT, ROUTINE = "emergency", "urgent", "routine"
PRIORITY_LABELS = {
    EMERGENCY: _("Emergency: made safe within 24 hours"),
    URGENT: _("Urgent: within 3 working days"),
    ROUTINE: _("Routine: within 20 working days"),
}
TRADE_LABELS = {
    "plumbing": _("Plumber"),
    "electrical": _("Electrician"),
    "carpentry": _("Carpenter"),
    "heating": _("Heating engineer"),
    "roofing": _("Roofer"),
    "general": _("General repairs"),
}

GAS, FLOODING, NO_HEAT, ELECTRICAL = "gas", "flooding", "no_heat", "electrical"
YES_NO = (("yes", _("Yes")), ("no", _("No")))


# --- The repair diagnosis as data ----------------------------------------------------------
#
# Housing officers edit it in the Django admin (services.housing.models); the journey reads
# it as this plain data (selectors.diagnosis_get). DEFAULT is what a fresh install starts
# with (a migration loads it) and what the rules use when given no other.


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    emergency: str = ""  # GAS, FLOODING, ELECTRICAL, NO_HEAT or ''
    emergency_in_winter_only: bool = False
    emergency_if: tuple[str, str] | None = None  # (another question's key, its answer)
    urgent: bool = False
    trade: str = ""  # another trade for this answer ('' keeps the problem's)


@dataclass(frozen=True)
class Question:
    key: str  # the answer's field name: unique in the whole journey
    label: str
    choices: tuple[Choice, ...]
    hint: str = ""
    error: str = ""

    def choice(self, value) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Problem:
    key: str
    label: str
    trade: str = "general"
    priority: str = "routine"
    emergency: str = ""  # always this emergency, whatever the answers
    step: str = ""  # the follow-up page's name in the URL ('' the key)
    step_title: str = ""
    questions: tuple[Question, ...] = ()
    trade_by_area: tuple[tuple[str, str], ...] = ()  # (area key, trade)

    @property
    def step_name(self) -> str:
        return self.step or self.key


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    communal: bool = False


@dataclass(frozen=True)
class Diagnosis:
    areas: tuple[Area, ...]
    problems: tuple[Problem, ...]

    def area(self, key) -> Area | None:
        return next((a for a in self.areas if a.key == key), None)

    def problem(self, key) -> Problem | None:
        return next((p for p in self.problems if p.key == key), None)

    def is_communal(self, values) -> bool:
        area = self.area(values.get("area"))
        return bool(area and area.communal)


def _yes_no(**yes) -> tuple[Choice, ...]:
    return (Choice("yes", _("Yes"), **yes), Choice("no", _("No")))


DEFAULT = Diagnosis(
    areas=(
        Area("kitchen", _("Kitchen")),
        Area("bathroom", _("Bathroom or toilet")),
        Area("rooms", _("Bedroom or living room")),
        Area("hall", _("Hall, stairs or landing inside your home")),
        Area("outside", _("Outside: garden, walls, roof or gutters")),
        Area(
            "communal",
            _("A shared area of your block: entrance, stairs, lift, bin store"),
            communal=True,
        ),
    ),
    problems=(
        Problem(
            "leak",
            _("A leak, or a dripping or running tap"),
            trade="plumbing",
            step_title=_("About the leak"),
            trade_by_area=(("outside", "roofing"),),
            questions=(
                Question(
                    "leak",
                    _("What best describes the leak?"),
                    error=_("Select what best describes the leak"),
                    choices=(
                        Choice("dripping", _("A dripping or running tap")),
                        Choice(
                            "pipe",
                            _(
                                "A small leak from a pipe, under a sink or round a toilet, "
                                "that is contained"
                            ),
                        ),
                        Choice(
                            "ceiling",
                            _("Water coming through a ceiling, or near lights or sockets"),
                            emergency=FLOODING,
                        ),
                        Choice(
                            "flooding", _("Flooding: water you cannot stop"), emergency=FLOODING
                        ),
                    ),
                ),
            ),
        ),
        Problem(
            "drain",
            _("A blocked sink, bath, toilet or drain"),
            trade="plumbing",
            step_title=_("About the blockage"),
            questions=(
                Question(
                    "drain",
                    _("What is blocked?"),
                    error=_("Select what is blocked"),
                    choices=(
                        Choice("only_toilet", _("My only toilet is blocked"), urgent=True),
                        Choice("sink_bath", _("A sink, bath or shower is blocked")),
                        Choice(
                            "outside", _("An outside drain is blocked or overflowing"), urgent=True
                        ),
                    ),
                ),
            ),
        ),
        Problem(
            "heating",
            _("Heating or hot water"),
            trade="heating",
            step_title=_("About the heating or hot water"),
            questions=(
                Question(
                    "heating",
                    _("What is not working?"),
                    error=_("Select what is not working"),
                    choices=tuple(
                        Choice(
                            value,
                            label,
                            urgent=urgent,
                            emergency=NO_HEAT if emergency else "",
                            emergency_in_winter_only=emergency,
                            emergency_if=("vulnerable", "yes") if emergency else None,
                        )
                        for value, label, urgent, emergency in (
                            ("none", _("No heating and no hot water"), True, True),
                            ("no_heating", _("No heating, but hot water"), True, True),
                            ("no_hot_water", _("No hot water, but heating"), True, False),
                            (
                                "partial",
                                _("Some radiators do not work, or the heating is not warm enough"),
                                False,
                                False,
                            ),
                        )
                    ),
                ),
                Question(
                    "vulnerable",
                    _("Does anyone in your home need extra care to keep warm?"),
                    hint=_(
                        "For example someone over 65, a baby or young child, or someone who "
                        "is disabled or unwell."
                    ),
                    error=_("Select yes if anyone in your home needs extra care to keep warm"),
                    choices=_yes_no(),
                ),
            ),
        ),
        Problem(
            "electrics",
            _("Lights, sockets or electrics"),
            trade="electrical",
            step_title=_("About the electrics"),
            questions=(
                Question(
                    "electrics",
                    _("What is happening?"),
                    error=_("Select what is happening"),
                    choices=(
                        Choice(
                            "danger",
                            _("Sparks, smoke, a burning smell, or wires showing"),
                            emergency=ELECTRICAL,
                        ),
                        Choice("no_power", _("No power at all in your home"), emergency=ELECTRICAL),
                        Choice("tripping", _("The electrics keep tripping"), urgent=True),
                        Choice("one_thing", _("A light, socket or switch does not work")),
                    ),
                ),
            ),
        ),
        Problem("gas", _("A smell of gas"), trade="heating", emergency=GAS),
        Problem(
            "doors_windows",
            _("Doors, windows or locks"),
            trade="carpentry",
            step="doors",
            step_title=_("About the door or window"),
            questions=(
                Question(
                    "doors",
                    _("What is wrong with it?"),
                    error=_("Select what is wrong with it"),
                    choices=(
                        Choice(
                            "insecure",
                            _("An outside door or window will not lock or close"),
                            urgent=True,
                        ),
                        Choice("glass", _("Broken glass"), urgent=True),
                        Choice("sticking", _("A door or window sticks, or a handle is broken")),
                    ),
                ),
            ),
        ),
        Problem("damp", _("Damp or mould"), trade="general"),
        Problem("other", _("Something else"), trade="general"),
    ),
)


def is_winter(day: datetime.date) -> bool:
    """The heating season: October to April."""
    return day.month >= 10 or day.month <= 4


def _chosen(problem: Problem, values):
    for question in problem.questions:
        choice = question.choice(values.get(question.key))
        if choice is not None:
            yield choice


def emergency(values, *, today: datetime.date, diagnosis: Diagnosis = DEFAULT) -> str:
    """Which emergency these answers are ('' for none): the problem's own (a smell of gas),
    or an answer's, when its conditions hold (in winter only; only with another answer,
    such as no heating with someone vulnerable)."""
    problem = diagnosis.problem(values.get("problem"))
    if problem is None:
        return ""
    if problem.emergency:
        return problem.emergency
    for choice in _chosen(problem, values):
        if not choice.emergency:
            continue
        if choice.emergency_in_winter_only and not is_winter(today):
            continue
        if choice.emergency_if and values.get(choice.emergency_if[0]) != choice.emergency_if[1]:
            continue
        return choice.emergency
    return ""


@dataclass(frozen=True)
class Assessment:
    priority: str
    trade: str

    @property
    def priority_label(self) -> str:
        return str(PRIORITY_LABELS[self.priority])

    @property
    def trade_label(self) -> str:
        return str(TRADE_LABELS[self.trade])


TARGET_WORKING_DAYS = {URGENT: 3, ROUTINE: 20}


def target_date(priority: str, *, today: datetime.date) -> datetime.date:
    """The day a repair of this priority must be done by (an emergency: tomorrow)."""
    if priority == EMERGENCY:
        return today + datetime.timedelta(days=1)
    return sla.add_working_days(today, TARGET_WORKING_DAYS[priority])


def assess(values, *, today: datetime.date, diagnosis: Diagnosis = DEFAULT) -> Assessment:
    """The priority and trade of a repair: the problem's, raised to urgent by an answer
    that says so, with the trade an answer or the area calls for."""
    problem = diagnosis.problem(values.get("problem")) or Problem("other", "")
    trade = dict(problem.trade_by_area).get(values.get("area"), problem.trade)
    chosen = list(_chosen(problem, values))
    trade = next((c.trade for c in chosen if c.trade), trade)
    if trade not in TRADE_LABELS:
        trade = "general"
    if emergency(values, today=today, diagnosis=diagnosis):
        return Assessment(EMERGENCY, trade)
    urgent = problem.priority == URGENT or any(c.urgent for c in chosen)
    return Assessment(URGENT if urgent else ROUTINE, trade)


# --- The rent account in plain words ----------------------------------------------------


def feedback_wanted(*, status: str, rating) -> bool:
    """ "Was it fixed?" is asked once, of a finished repair the tenant has not answered."""
    return status in workflow.FINISHED and rating is None


def feedback_thanks(*, fixed: bool, status: str) -> str:
    """What the tenant is told once they have said whether the repair fixed it, from the
    repair's status after ``actions.repair_feedback``: not fixed and open again means it
    was reopened; not fixed and still finished means it was too long ago to reopen."""
    if fixed:
        return _("Thank you for telling us")
    if status not in workflow.FINISHED:
        return _("Thank you. We have reopened your repair and asked the contractor to come back")
    return _("Thank you. Please report the problem again as a new repair")


def weeks_of_rent(arrears_pence: int, weekly_rent_pence: int) -> int:
    return arrears_pence // weekly_rent_pence if weekly_rent_pence > 0 else 0


def arrears_words(*, arrears_pence: int, weekly_rent_pence: int, has_arrangement: bool) -> str:
    """What owing this much means, and what to do: '' when nothing is owed."""
    if arrears_pence <= 0:
        return ""
    if has_arrangement:
        return str(
            _(
                "You have an arrangement to pay off what you owe. Keep paying your rent and "
                "the extra amount each week, and tell us straight away if you cannot."
            )
        )
    if weeks_of_rent(arrears_pence, weekly_rent_pence) < 1:
        return str(
            _("You owe less than a week’s rent. Pay it with your next rent to stay up to date.")
        )
    return str(
        _(
            "You are behind with your rent. Pay what you owe now if you can. If you cannot, "
            "ask us to agree a plan to pay it off a little each week: the sooner you do, the "
            "more we can help. Free, confidential advice is available from Citizens Advice."
        )
    )


# --- Rent statements ---------------------------------------------------------------------

THIS_YEAR, LAST_YEAR = "this-year", "last-year"


def rent_year(day: datetime.date, *, back: int = 0) -> tuple[datetime.date, datetime.date]:
    """The rent year (1 April to 31 March) that ``day`` falls in, or ``back`` years before."""
    first = day.year if day.month >= 4 else day.year - 1
    first -= back
    return datetime.date(first, 4, 1), datetime.date(first + 1, 3, 31)


def statement_period(
    period: str, *, today: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """The dates a statement covers: this rent year up to today, or all of last year."""
    if period == THIS_YEAR:
        return rent_year(today)[0], today
    if period == LAST_YEAR:
        return rent_year(today, back=1)
    return None


@dataclass(frozen=True)
class StatementLine:
    on: datetime.date
    description: str
    amount_pence: int
    balance_pence: int  # the balance after this line


@dataclass(frozen=True)
class Statement:
    start: datetime.date
    end: datetime.date
    opening_pence: int
    closing_pence: int
    lines: tuple[StatementLine, ...]  # oldest first

    @property
    def charged_pence(self) -> int:
        return sum(line.amount_pence for line in self.lines if line.amount_pence > 0)

    @property
    def paid_pence(self) -> int:
        return -sum(line.amount_pence for line in self.lines if line.amount_pence < 0)


def statement(
    transactions, *, balance_pence: int, start: datetime.date, end: datetime.date
) -> Statement:
    """The account between ``start`` and ``end``: worked back from today's balance, the
    balance at the end is today's less everything after the end, and the opening balance
    that less everything in the period. ``transactions`` are (on, description, pence), newest
    first as the housing system lists them."""
    later = sum(pence for on, _d, pence in transactions if on > end)
    closing = balance_pence - later
    inside = sorted(  # oldest first, and in the system's order within a day
        reversed([(on, text, pence) for on, text, pence in transactions if start <= on <= end]),
        key=lambda row: row[0],
    )
    opening = closing - sum(pence for _o, _t, pence in inside)
    running, lines = opening, []
    for on, text, pence in inside:
        running += pence
        lines.append(StatementLine(on, text, pence, running))
    return Statement(start, end, opening, closing, tuple(lines))
