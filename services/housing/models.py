from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.due_reminders import DueReminder
from services.housing import rules


class RentReminder(DueReminder):
    """A tenant's wish to be reminded the day before their rent is due (opt-in), on the
    core's reminder machinery (``casework.due_reminders``: whether it is on, and the next
    rent day as last read from the housing system)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rent_reminders"
    )
    tenancy_reference = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "tenancy_reference"], name="one_rent_reminder_per_tenancy"
            )
        ]
        indexes = [models.Index(fields=["active", "next_due_on"])]

    def __str__(self):
        return f"Rent reminders for {self.tenancy_reference} ({self.user_id})"


# --- The repair diagnosis, edited by housing officers in the Django admin ------------------
#
# Where the problem is (areas), what is wrong (problems, each with the trade and priority
# it gets), and each problem's follow-up questions, whose answers (choices) may make it an
# emergency (the tenant is told to phone, nothing is sent), urgent, or another trade. The
# repair journey reads them (selectors.diagnosis_get) as plain data for services.housing.rules.

EMERGENCIES = (  # each has its own "phone now" page (journeys.emergency_outcome)
    ("gas", _("Smell of gas: the gas emergency line")),
    ("flooding", _("Flooding or water near electrics: our repairs line")),
    ("electrical", _("Dangerous electrics or no power: our repairs line")),
    ("no_heat", _("No heating with someone vulnerable: our repairs line")),
)
PRIORITIES = tuple((key, rules.PRIORITY_LABELS[key]) for key in (rules.ROUTINE, rules.URGENT))
TRADES = tuple(rules.TRADE_LABELS.items())
# The repair journey's own answers: a follow-up question may not take their names.
RESERVED_KEYS = {"area", "problem", "description", "files", "keep", "listed", "slot", "access"}
KEY_HELP = _(
    "Letters, digits and _ only; the housing system and reports read it. Do not change it once used."
)


class RepairArea(models.Model):
    key = models.SlugField(max_length=30, unique=True, help_text=KEY_HELP)
    label = models.CharField(_("what the tenant reads"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    # A shared area of a block: any linked tenant may report there, and no appointment.
    communal = models.BooleanField(
        default=False, help_text=_("A shared area of the block: no appointment is booked.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("repair area")

    def __str__(self):
        return self.label


class RepairProblem(models.Model):
    key = models.SlugField(max_length=30, unique=True, help_text=KEY_HELP)
    label = models.CharField(_("what the tenant reads"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    step = models.SlugField(
        _("address of its questions page"),
        max_length=30,
        blank=True,
        help_text=_("The end of the follow-up page's web address; the key when empty."),
    )
    step_title = models.CharField(_("title of its questions page"), max_length=200, blank=True)
    trade = models.CharField(max_length=20, choices=TRADES, default="general")
    priority = models.CharField(max_length=10, choices=PRIORITIES, default="routine")
    emergency = models.CharField(
        max_length=20,
        choices=EMERGENCIES,
        blank=True,
        help_text=_("Always an emergency, whatever the answers."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("repair problem")

    def __str__(self):
        return self.label


class RepairTradeRule(models.Model):
    """This problem in that area needs another trade (a leak outside: a roofer)."""

    problem = models.ForeignKey(RepairProblem, on_delete=models.CASCADE, related_name="trade_rules")
    area = models.ForeignKey(RepairArea, on_delete=models.CASCADE, related_name="+")
    trade = models.CharField(max_length=20, choices=TRADES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["problem", "area"], name="one_trade_rule_per_area")
        ]
        verbose_name = _("trade in an area")

    def __str__(self):
        return f"{self.problem} in {self.area}: {self.get_trade_display()}"


class RepairQuestion(models.Model):
    problem = models.ForeignKey(RepairProblem, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        max_length=30,
        unique=True,
        help_text=_("Letters, digits and _ only, different from every other question's."),
    )
    label = models.CharField(_("question"), max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    error = models.CharField(_("message when not answered"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("repair question")

    def __str__(self):
        return self.label

    def clean(self):
        if self.key in RESERVED_KEYS:
            raise ValidationError(
                {
                    "key": _("The repair journey already uses “%(key)s”: choose another.")
                    % {"key": self.key}
                }
            )


class RepairChoice(models.Model):
    """One answer to a follow-up question, and what it means for the repair."""

    question = models.ForeignKey(RepairQuestion, on_delete=models.CASCADE, related_name="choices")
    value = models.SlugField(max_length=30, help_text=KEY_HELP)
    label = models.CharField(_("what the tenant reads"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    emergency = models.CharField(max_length=20, choices=EMERGENCIES, blank=True)
    emergency_in_winter_only = models.BooleanField(
        default=False, help_text=_("An emergency only from October to April.")
    )
    emergency_if_key = models.SlugField(
        _("an emergency only if question"),
        max_length=30,
        blank=True,
        help_text=_("The key of another question of this problem, e.g. vulnerable."),
    )
    emergency_if_value = models.SlugField(
        _("is answered"), max_length=30, blank=True, help_text=_("e.g. yes")
    )
    urgent = models.BooleanField(default=False, help_text=_("This answer makes the repair urgent."))
    trade = models.CharField(
        max_length=20, choices=TRADES, blank=True, help_text=_("Another trade for this answer.")
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "value"], name="one_repair_choice_per_value"
            )
        ]
        verbose_name = _("answer")

    def __str__(self):
        return self.label

    def clean(self):
        if bool(self.emergency_if_key) != bool(self.emergency_if_value):
            raise ValidationError(
                _("Give both the other question's key and its answer, or neither.")
            )
        if self.emergency_if_key and not (
            self.question_id
            and RepairQuestion.objects.filter(
                problem_id=self.question.problem_id, key=self.emergency_if_key
            ).exists()
        ):
            raise ValidationError(
                {"emergency_if_key": _("No question of this problem has that key.")}
            )
