"""Forms that administrators build: pages of questions, edited in the Django admin,
and the versions they publish (an immutable snapshot; a case keeps its version)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.models import Case, RequestType


class Kind(models.TextChoices):
    TEXT = "text", _("Text (one line)")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    MONEY = "money", _("Money (pounds and pence)")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Yes or no")
    RADIOS = "radios", _("Radios (choose one)")
    CHECKBOXES = "checkboxes", _("Checkboxes (choose any)")
    SELECT = "select", _("Select from a list")
    EMAIL = "email", _("Email address")
    PHONE = "phone", _("UK phone number")
    ADDRESS = "address", _("Address")
    FILE = "file", _("Photos or documents (file upload)")
    DECLARATION = "declaration", _("Declaration (a box to tick)")


class Operator(models.TextChoices):
    IS = "is", _("is")
    IS_NOT = "is_not", _("is not")
    INCLUDES = "includes", _("includes")


class ConditionFields(models.Model):
    """'Show this when <an earlier question> is / is not / includes <value>'."""

    condition_key = models.CharField(
        _("show only when the question with key"),
        max_length=50,
        blank=True,
        help_text=_("Leave blank to always show it. The key of a question on an earlier page."),
    )
    condition_operator = models.CharField(
        _("condition"), max_length=10, choices=Operator.choices, default=Operator.IS
    )
    condition_value = models.CharField(
        _("value"),
        max_length=200,
        blank=True,
        help_text=_("The answer, as the resident sees it: a choice, or Yes or No"),
    )

    class Meta:
        abstract = True

    def condition(self) -> dict | None:
        if not self.condition_key.strip():
            return None
        return {
            "key": self.condition_key.strip(),
            "operator": self.condition_operator,
            "value": self.condition_value.strip(),
        }


class BuiltForm(models.Model):
    """The questions a request type asks, as an administrator is editing them."""

    request_type = models.OneToOneField(
        RequestType, on_delete=models.CASCADE, related_name="built_form"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("form")
        verbose_name_plural = _("forms")

    def __str__(self):
        return str(self.request_type.name)


class Page(ConditionFields):
    form = models.ForeignKey(BuiltForm, on_delete=models.CASCADE, related_name="pages")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200, help_text=_("The page's heading"))

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.form}: {self.title}"


class Question(ConditionFields):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        max_length=50,
        blank=True,
        help_text=_("A short name for the answer; made from the label if left blank"),
    )
    label = models.CharField(max_length=300)
    hint = models.CharField(max_length=500, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(default=True)
    min_length = models.PositiveIntegerField(null=True, blank=True)
    max_length = models.PositiveIntegerField(null=True, blank=True)
    min_value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For numbers and money (in pounds)"),
    )
    max_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    choices = models.TextField(
        blank=True, help_text=_("For radios, checkboxes and select: one choice a line")
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


class FormVersion(models.Model):
    """A published form: what residents are asked from then on. Never changed."""

    form = models.ForeignKey(BuiltForm, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    definition = models.JSONField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="forms_version_number_unique")
        ]

    def __str__(self):
        return f"{self.form} v{self.number}"


class CaseFormVersion(models.Model):
    """The version of its form a case was made with."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="form_version")
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="cases")

    def __str__(self):
        return f"{self.case_id}: {self.version}"
