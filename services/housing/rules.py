"""Housing in plain words: pure rules on plain values (the date comes from the caller).

The repair diagnosis: which answers are an emergency (the tenant must phone now and nothing
is sent), and the priority and trade the others get. The rent account's arrears in words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from casework import sla

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

AREAS = (
    ("kitchen", _("Kitchen")),
    ("bathroom", _("Bathroom or toilet")),
    ("rooms", _("Bedroom or living room")),
    ("hall", _("Hall, stairs or landing inside your home")),
    ("outside", _("Outside: garden, walls, roof or gutters")),
    ("communal", _("A shared area of your block: entrance, stairs, lift, bin store")),
)
PROBLEMS = (
    ("leak", _("A leak, or a dripping or running tap")),
    ("drain", _("A blocked sink, bath, toilet or drain")),
    ("heating", _("Heating or hot water")),
    ("electrics", _("Lights, sockets or electrics")),
    ("gas", _("A smell of gas")),
    ("doors_windows", _("Doors, windows or locks")),
    ("damp", _("Damp or mould")),
    ("other", _("Something else")),
)
LEAKS = (
    ("dripping", _("A dripping or running tap")),
    ("pipe", _("A small leak from a pipe, under a sink or round a toilet, that is contained")),
    ("ceiling", _("Water coming through a ceiling, or near lights or sockets")),
    ("flooding", _("Flooding: water you cannot stop")),
)
HEATING = (
    ("none", _("No heating and no hot water")),
    ("no_heating", _("No heating, but hot water")),
    ("no_hot_water", _("No hot water, but heating")),
    ("partial", _("Some radiators do not work, or the heating is not warm enough")),
)
ELECTRICS = (
    ("danger", _("Sparks, smoke, a burning smell, or wires showing")),
    ("no_power", _("No power at all in your home")),
    ("tripping", _("The electrics keep tripping")),
    ("one_thing", _("A light, socket or switch does not work")),
)
DRAINS = (
    ("only_toilet", _("My only toilet is blocked")),
    ("sink_bath", _("A sink, bath or shower is blocked")),
    ("outside", _("An outside drain is blocked or overflowing")),
)
DOORS = (
    ("insecure", _("An outside door or window will not lock or close")),
    ("glass", _("Broken glass")),
    ("sticking", _("A door or window sticks, or a handle is broken")),
)
YES_NO = (("yes", _("Yes")), ("no", _("No")))

GAS, FLOODING, NO_HEAT, ELECTRICAL = "gas", "flooding", "no_heat", "electrical"


def is_winter(day: datetime.date) -> bool:
    """The heating season: October to April."""
    return day.month >= 10 or day.month <= 4


def emergency(values, *, today: datetime.date) -> str:
    """Which emergency these answers are ('' for none): a smell of gas, flooding or water
    near electrics, dangerous electrics, or no heating in winter with someone vulnerable."""
    problem = values.get("problem")
    if problem == "gas":
        return GAS
    if problem == "leak" and values.get("leak") in ("ceiling", "flooding"):
        return FLOODING
    if problem == "electrics" and values.get("electrics") in ("danger", "no_power"):
        return ELECTRICAL
    if (
        problem == "heating"
        and values.get("heating") in ("none", "no_heating")
        and values.get("vulnerable") == "yes"
        and is_winter(today)
    ):
        return NO_HEAT
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


_TRADES = {
    "leak": "plumbing",
    "drain": "plumbing",
    "heating": "heating",
    "electrics": "electrical",
    "gas": "heating",
    "doors_windows": "carpentry",
    "damp": "general",
    "other": "general",
}


def assess(values, *, today: datetime.date) -> Assessment:
    """The priority and trade of a repair that is not an emergency."""
    problem = values.get("problem", "other")
    trade = _TRADES.get(problem, "general")
    if problem == "leak" and values.get("area") == "outside":
        trade = "roofing"
    if emergency(values, today=today):
        return Assessment(EMERGENCY, trade)
    urgent = (
        (problem == "heating" and values.get("heating") in ("none", "no_heating", "no_hot_water"))
        or (problem == "electrics" and values.get("electrics") == "tripping")
        or (problem == "drain" and values.get("drain") in ("only_toilet", "outside"))
        or (problem == "doors_windows" and values.get("doors") in ("insecure", "glass"))
    )
    return Assessment(URGENT if urgent else ROUTINE, trade)


# --- The rent account in plain words ----------------------------------------------------


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
