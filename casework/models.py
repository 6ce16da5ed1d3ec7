import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Address, Ward
from casework.references import new_reference
from casework.workflow import WORK, Status


class Channel(models.TextChoices):
    WEB = "web", _("Online")
    PHONE = "phone", _("Phone")
    FACE_TO_FACE = "face_to_face", _("Face to face")
    COUNCILLOR = "councillor", _("Councillor")
    EMAIL = "email", _("Email")
    API = "api", _("API")


class Team(models.Model):
    """A group of staff who work a queue of cases, with a lead and a manager for escalation."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True, help_text=_("Shared inbox told about new cases"))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="teams")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class RequestType(models.Model):
    """One kind of request a resident can make, configured by admins (AD1)."""

    service = models.CharField(max_length=50, help_text=_("The registered service it belongs to"))
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text=_("What residents are told it is for"))
    active = models.BooleanField(default=True)

    # Service level (C2, C7).
    sla_days = models.PositiveSmallIntegerField(default=10)
    sla_working_days = models.BooleanField(default=True)
    statutory_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("A legal limit, such as 20 working days for FOI")
    )
    clock_stops_when_awaiting_customer = models.BooleanField(default=True)
    reopen_days = models.PositiveSmallIntegerField(
        default=20,
        help_text=_("Days after a request is done during which the resident may reopen it"),
    )

    # Routing (C6) and access (A7).
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    auth_tier = models.PositiveSmallIntegerField(default=1, choices=[(0, "0"), (1, "1"), (2, "2")])
    needs_address = models.BooleanField(default=False)
    needs_location = models.BooleanField(default=False)
    followable = models.BooleanField(
        default=False, help_text=_("Others may follow a case of this type")
    )
    public = models.BooleanField(
        default=False, help_text=_("Listed publicly (Open311, public reports)")
    )

    # Back office (the integrations issue adds connectors).
    connector = models.CharField(max_length=50, blank=True)
    connector_settings = models.JSONField(default=dict, blank=True)

    # A fee the resident pays before the request goes ahead (pence; blank: free).
    fee_pence = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("A fee in pence that residents pay online before the request goes ahead"),
    )

    # What residents are asked and told (services that build their own pages may ignore these).
    questions = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            'Extra questions, e.g. [{"key": "size", "label": "How big is it?", '
            '"type": "radios", "choices": ["Small", "Large"], "required": true}]'
        ),
    )
    notice = models.TextField(
        blank=True, help_text=_("Shown before residents start, e.g. what to do in an emergency")
    )

    # Words: citizen-facing texts per event, e.g. {"submitted": "...", "resolved": "..."}.
    notification_texts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["service", "name"]

    def __str__(self):
        return self.name


class Case(models.Model):
    reference = models.CharField(max_length=9, unique=True, default=new_reference, editable=False)
    request_type = models.ForeignKey(RequestType, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)

    # Who it is for. Councillors and agents raise cases for people with no account.
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.WEB)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # What was asked.
    answers = models.JSONField(default=dict, blank=True)
    summary = models.TextField(blank=True)
    address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    location_text = models.CharField(max_length=300, blank=True)
    # The electoral ward it is in: from its address, else its map position
    # (accounts.wards). Set by the actions that make or move a case, never by hand.
    ward = models.ForeignKey(
        Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Who works it.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Honest dates, stored at creation so later configuration never rewrites history.
    due_date = models.DateField(null=True, blank=True)
    statutory_due_date = models.DateField(null=True, blank=True)
    clock_stopped_on = models.DateField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    overdue = models.BooleanField(default=False)

    external_reference = models.CharField(max_length=100, blank=True, db_index=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_reason = models.TextField(blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.TextField(blank=True)
    # What the resident must pay before the request goes ahead (pence), fixed at submission.
    fee_pence = models.PositiveIntegerField(null=True, blank=True)
    # The day the council comes, for a request that books a visit (a bulky collection):
    # the resident is shown it instead of a target date. Set by case_set_appointment.
    appointment_on = models.DateField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The staff roles' permissions (accounts.roles, which gives them to the role groups).
        permissions = [
            ("view_every_case", "Can see every team's cases"),
            ("work_every_case", "Can work any team's cases"),
            ("work_team_case", "Can work the cases of their own teams"),
            ("work_escalated_case", "Can work the escalated cases of any team"),
            ("follow_raised_case", "Can follow the cases they raised for residents"),
            ("reply_case", "Can reply to the resident on a case"),
            ("note_case", "Can add an internal note to a case"),
            ("assign_case", "Can assign a case to a team or a person"),
            ("change_status_case", "Can change a case's status"),
            ("request_information_case", "Can ask the resident for information"),
            ("resolve_case", "Can mark a case as done"),
            ("close_case", "Can close a case without doing it"),
            ("reject_case", "Can refuse to accept a case"),
            ("mark_duplicate_case", "Can mark a case as a duplicate"),
            ("reopen_case", "Can reopen a finished case"),
            ("find_people", "Can find people and open their records"),
            ("retry_deliveries", "Can see and retry every delivery to back offices"),
            ("send_service_notices", "Can tell residents about service disruption"),
            ("build_forms", "Can build and publish forms"),
            ("raise_member_enquiry", "Can log enquiries for constituents as their councillor"),
            ("support_members", "Can work the enquiries of the councillors they support"),
            ("see_every_report", "Can see managers' reports for every team"),
        ]
        indexes = [
            models.Index(fields=["resident", "-created_at", "-id"]),
            models.Index(fields=["team", "status", "-created_at", "-id"]),
            models.Index(fields=["status", "due_date"]),
            # Staff queues list open cases (bar unpaid ones) by target date or newest first: these let a
            # page be read in order and stop after 50 rows, at any number of cases.
            models.Index(
                fields=["due_date", "id"],
                condition=models.Q(status__in=sorted(WORK)),
                name="case_open_by_due_date",
            ),
            models.Index(
                fields=["-created_at", "-id"],
                condition=models.Q(status__in=sorted(WORK)),
                name="case_open_newest",
            ),
        ]

    def __str__(self):
        return self.reference


class CaseEvent(models.Model):
    """One entry in a case's timeline. Written once, never changed."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        REPLY = "reply", _("Reply")
        NOTE = "note", _("Internal note")
        ESCALATED = "escalated", _("Escalated")
        FOLLOWED = "followed", _("Followed")
        DUPLICATE = "duplicate", _("Marked as duplicate")
        MESSAGE_SENT = "message_sent", _("Message sent")
        DELIVERY = "delivery", _("Back office")
        RATED = "rated", _("Rated")
        PAYMENT = "payment", _("Payment")
        APPOINTMENT = "appointment", _("Booked day")
        DUE_SOON = "due_soon", _("Reply due soon")
        LETTER = "letter", _("Letter sent")
        COMPLAINT_STAGE = "complaint_stage", _("Complaint stage")
        OMBUDSMAN = "ombudsman", _("Ombudsman")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    public = models.BooleanField(default=True, help_text=_("Shown to the resident"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.WEB)
    status_before = models.CharField(max_length=20, blank=True)
    status_after = models.CharField(max_length=20, blank=True)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Timeline events are immutable")
        super().save(*args, **kwargs)


class BackOfficePoll(models.Model):
    """Where reading a back office's updates got to, for connectors we must ask (Open311)."""

    request_type = models.OneToOneField(
        RequestType, on_delete=models.CASCADE, related_name="back_office_poll"
    )
    cursor = models.CharField(max_length=200, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    failures = models.PositiveIntegerField(default=0)
    # A worker asking the back office claims it until then (no lock held while it asks).
    leased_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Polling for {self.request_type}"


class Follower(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_cases"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_follow_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.case_id}"


class ResponseTemplate(models.Model):
    """Canned replies for staff (C11), per team or for everyone."""

    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE)
    name = models.CharField(max_length=120)
    body = models.TextField()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def attachment_path(instance, filename):
    # Never the uploaded name on disk: a random name under the case's folder.
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A photo or document on a case (C4), served only to people who may see the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    public = models.BooleanField(default=True, help_text=_("Shown to the resident"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class Draft(models.Model):
    """A part-completed request (C3), kept for a while so the resident can come back."""

    # Whose it is: a signed-in person's, or (journeys open to visitors) the visitor whose
    # session holds the secret that ``visitor_key`` is the SHA-256 of. Exactly one.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="drafts",
        null=True,
        blank=True,
    )
    visitor_key = models.CharField(max_length=64, blank=True, default="", db_index=True)
    # A "come back later" link e-mailed to a visitor: the SHA-256 of its one-time secret.
    resume_key = models.CharField(max_length=64, blank=True, default="", db_index=True)
    request_type = models.ForeignKey(RequestType, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict, blank=True)
    step = models.CharField(max_length=100, blank=True, help_text=_("Where the resident got to"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField()
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (models.Q(user__isnull=False) & models.Q(visitor_key=""))
                    | (models.Q(user__isnull=True) & ~models.Q(visitor_key=""))
                ),
                name="draft_one_owner",
            ),
            models.UniqueConstraint(
                fields=["visitor_key", "request_type"],
                condition=~models.Q(visitor_key=""),
                name="draft_one_per_visitor_and_type",
            ),
        ]

    def __str__(self):
        owner = self.user_id if self.user_id else "a visitor"
        return f"{self.request_type} draft for {owner}"


class JourneyEvent(models.Model):
    """A step of a multi-step request (casework.journeys): the figures for form
    completion and drop-out come from these (started, each step answered, saved for
    later, sent, abandoned). It names the journey and step, never the answers."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Started")
        STEP = "step", _("Answered a step")
        SAVED = "saved", _("Saved to come back later")
        SENT = "sent", _("Sent")
        ABANDONED = "abandoned", _("Abandoned")

    journey = models.CharField(max_length=60)
    request_type = models.ForeignKey(
        RequestType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    step = models.CharField(max_length=60, blank=True)
    draft_id = models.PositiveBigIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["journey", "kind", "at"])]

    def __str__(self):
        return f"{self.journey} {self.kind} {self.step}".strip()


class Member(models.Model):
    """A councillor (M1-M6): the wards they represent, how their letters are signed, and
    the member support officers an administrator lets work their enquiries (M4)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    title = models.CharField(
        max_length=200, help_text=_("As letters name them, for example Councillor Ravi Patel")
    )
    wards = models.ManyToManyField(Ward, blank=True, related_name="members")
    signature = models.TextField(
        blank=True, help_text=_("The signature block under their letters, one line each")
    )
    support_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="supported_members",
        help_text=_("Member support officers who see and work this member's enquiries"),
    )

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class MemberEnquiry(models.Model):
    """A councillor's enquiry for a constituent: the case, the member it is for, who
    raised it (the member or their support officer), where replies go and the
    constituent's consent. Made only by ``casework.actions.case_submit_member_enquiry``."""

    class ReplyTo(models.TextChoices):
        MEMBER = "member", _("To the councillor")
        CONSTITUENT = "constituent", _("To the constituent directly")

    class HearBack(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        POST = "post", _("Post")
        COUNCILLOR = "councillor", _("Through the councillor")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="member_enquiry")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="member_enquiries"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_to = models.CharField(max_length=20, choices=ReplyTo.choices, default=ReplyTo.MEMBER)
    hear_back = models.CharField(max_length=20, choices=HearBack.choices, blank=True)
    constituent_address = models.TextField(blank=True)
    consent_at = models.DateTimeField()
    consent_text = models.TextField()
    # The officer was warned that the reply is due soon (once per enquiry).
    warned_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["member", "case"])]

    def __str__(self):
        return f"Member enquiry {self.case_id}"


class Complaint(models.Model):
    """A complaint's stages and its Ombudsman (C8): the case holds the words and the
    status, this holds where the complaint procedure is. Changed only by the complaint
    actions in casework.actions (``case_complaint_*``); each change is on the timeline."""

    class Ombudsman(models.TextChoices):
        LGSCO = "lgsco", _("Local Government and Social Care Ombudsman")
        HOUSING = "housing", _("Housing Ombudsman")

    class Outcome(models.TextChoices):
        PENDING = "", _("Not decided yet")
        NOT_INVESTIGATED = "not_investigated", _("Not investigated")
        UPHELD = "upheld", _("Upheld: fault found")
        NOT_UPHELD = "not_upheld", _("Not upheld: no fault found")
        SETTLED = "settled", _("Settled")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="complaint")
    ombudsman = models.CharField(max_length=10, choices=Ombudsman.choices, default="lgsco")
    stage = models.PositiveSmallIntegerField(default=1)
    # An Ombudsman referral and its outcome, recorded by staff.
    referred_on = models.DateField(null=True, blank=True)
    ombudsman_reference = models.CharField(max_length=60, blank=True)
    ombudsman_outcome = models.CharField(
        max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    ombudsman_decided_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"Complaint {self.case_id} stage {self.stage}"


class ComplaintStage(models.Model):
    """One stage of a complaint, with its own statutory clock (due date kept when opened)."""

    class Upheld(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        PARTLY = "partly", _("Partly upheld")
        NOT_UPHELD = "not_upheld", _("Not upheld")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField()
    opened_on = models.DateField()
    due_date = models.DateField()
    # Stage 2: why the resident was unhappy with the stage 1 answer.
    reason = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(blank=True)
    root_cause = models.CharField(max_length=30, blank=True)  # casework.complaints.ROOT_CAUSES
    upheld = models.CharField(max_length=12, choices=Upheld.choices, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="one_row_per_stage")
        ]
        indexes = [models.Index(fields=["answered_at"])]

    def __str__(self):
        return f"Stage {self.number} of {self.complaint_id}"
