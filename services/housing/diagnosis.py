"""The repair diagnosis between the database (the Django admin) and the rules' plain data.

``diagnosis_get`` reads it (cached until the admin changes it: ``diagnosis_forget``);
``diagnosis_seed`` writes rules.DEFAULT into empty tables (a fresh install's migration, the
demo). The texts are stored in English; the journey shows them through gettext, so the
seeded questions keep their translations and a text an officer wrote is shown as written.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import translation

from services.housing import rules
from services.housing.models import RepairArea, RepairProblem, RepairQuestion

CACHE_KEY = "housing:repair-diagnosis"
CACHE_SECONDS = 300


def _from_db() -> rules.Diagnosis | None:
    areas = list(RepairArea.objects.filter(active=True))
    if not areas:
        return None
    problems = list(RepairProblem.objects.filter(active=True).prefetch_related("trade_rules__area"))
    questions = {}
    for question in RepairQuestion.objects.filter(problem__in=problems).prefetch_related("choices"):
        questions.setdefault(question.problem_id, []).append(
            rules.Question(
                key=question.key,
                label=question.label,
                hint=question.hint,
                error=question.error,
                choices=tuple(
                    rules.Choice(
                        value=c.value,
                        label=c.label,
                        emergency=c.emergency,
                        emergency_in_winter_only=c.emergency_in_winter_only,
                        emergency_if=(c.emergency_if_key, c.emergency_if_value)
                        if c.emergency_if_key
                        else None,
                        urgent=c.urgent,
                        trade=c.trade,
                    )
                    for c in question.choices.all()
                ),
            )
        )
    return rules.Diagnosis(
        areas=tuple(rules.Area(a.key, a.label, communal=a.communal) for a in areas),
        problems=tuple(
            rules.Problem(
                key=p.key,
                label=p.label,
                trade=p.trade,
                priority=p.priority,
                emergency=p.emergency,
                step=p.step,
                step_title=p.step_title,
                questions=tuple(questions.get(p.pk, ())),
                trade_by_area=tuple((r.area.key, r.trade) for r in p.trade_rules.all()),
            )
            for p in problems
        ),
    )


def diagnosis_get() -> rules.Diagnosis:
    """The diagnosis the repair journey asks now: the admin's, or the built-in default
    while the tables are empty (a database flushed in tests, an install not migrated)."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = _from_db()
        if found is None:
            return rules.DEFAULT
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def diagnosis_forget() -> None:
    """The admin changed it: the next page reads it afresh."""
    cache.delete(CACHE_KEY)


def diagnosis_seed(models: dict, diagnosis: rules.Diagnosis = rules.DEFAULT) -> bool:
    """Write ``diagnosis`` into empty tables (``models``: the model classes by name, so a
    migration can pass its historical ones). False when there was something already."""
    Area, Problem = models["RepairArea"], models["RepairProblem"]
    TradeRule, Question, Choice = (
        models["RepairTradeRule"],
        models["RepairQuestion"],
        models["RepairChoice"],
    )
    if Area.objects.exists() or Problem.objects.exists():
        return False
    with translation.override("en-gb"):
        areas = {
            a.key: Area.objects.create(key=a.key, label=str(a.label), order=n, communal=a.communal)
            for n, a in enumerate(diagnosis.areas, start=1)
        }
        for n, p in enumerate(diagnosis.problems, start=1):
            problem = Problem.objects.create(
                key=p.key,
                label=str(p.label),
                order=n,
                step=p.step,
                step_title=str(p.step_title),
                trade=p.trade,
                priority=p.priority,
                emergency=p.emergency,
            )
            for area, trade in p.trade_by_area:
                TradeRule.objects.create(problem=problem, area=areas[area], trade=trade)
            for m, q in enumerate(p.questions, start=1):
                question = Question.objects.create(
                    problem=problem,
                    key=q.key,
                    label=str(q.label),
                    hint=str(q.hint),
                    error=str(q.error),
                    order=m,
                )
                for k, c in enumerate(q.choices, start=1):
                    Choice.objects.create(
                        question=question,
                        value=c.value,
                        label=str(c.label),
                        order=k,
                        emergency=c.emergency,
                        emergency_in_winter_only=c.emergency_in_winter_only,
                        emergency_if_key=c.emergency_if[0] if c.emergency_if else "",
                        emergency_if_value=c.emergency_if[1] if c.emergency_if else "",
                        urgent=c.urgent,
                        trade=c.trade,
                    )
    return True
