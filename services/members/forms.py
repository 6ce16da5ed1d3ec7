"""Forms of the members' area: they check input and nothing else."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.selectors import person_search, person_summary
from casework import attachments
from casework.address_field import AddressField
from casework.models import MemberEnquiry
from casework.resident.forms import MultipleFileField, MultipleFileInput, ResidentTextField
from casework.uploads import PendingFilesMixin, keep_field, listed_field

NOT_LISTED = "new"
SUMMARY_MAX = 150
DETAILS_MAX = 5000
CONSENT_TEXT = _(
    "The constituent agrees that the council may use the details given here to look "
    "into their enquiry, and may tell their councillor what it finds."
)
HEAR_BACK = MemberEnquiry.HearBack


class ConstituentForm(forms.Form):
    """Find the constituent by name or postcode (accounts.selectors.person_search), or
    say that they are not listed. "Find" shows the page again with whom it found."""

    search = forms.CharField(
        label=_("Their name or postcode"),
        required=False,
        max_length=100,
        help_text=_("For example ‘Sam Taylor’ or ‘MB1 1AA’"),
    )
    person = forms.ChoiceField(
        label=_("Who is the enquiry for?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the constituent, or that they are not listed"),
            "invalid_choice": _("Select the constituent, or that they are not listed"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.data if self.is_bound else self.initial
        query = (source.get("search") or "").strip()
        self.searched = query
        self.found = [person_summary(p) for p in person_search(query=query)] if query else []
        self.fields["person"].choices = [
            (str(found.person.pk), f"{found.name}, {found.address}") for found in self.found
        ] + [(NOT_LISTED, _("Not listed: they have no account, or I will enter their details"))]


class ContactForm(forms.Form):
    """A constituent with no account: who they are, where, and how to reach them."""

    name = forms.CharField(
        label=_("Their full name"),
        max_length=200,
        error_messages={"required": _("Enter the constituent’s name")},
    )
    address = AddressField(
        label=_("Their address"),
        error_messages={"required": _("Enter the constituent’s postcode and find their address")},
    )
    phone = forms.CharField(label=_("Phone number (optional)"), required=False, max_length=30)
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )
    hear_back = forms.ChoiceField(
        label=_("How do they want to hear back?"),
        choices=HEAR_BACK.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how they want to hear back")},
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("The constituent must agree before you log the enquiry")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "off"})

    def clean(self):
        data = super().clean()
        how = data.get("hear_back")
        if how == HEAR_BACK.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email", _("Enter their email address, as they want to hear back by email")
            )
        if how == HEAR_BACK.PHONE and not data.get("phone"):
            self.add_error(
                "phone", _("Enter their phone number, as they want to hear back by phone")
            )
        return data


class ConsentForm(forms.Form):
    """A constituent with an account: how to hear back, and their consent."""

    hear_back = ContactForm.base_fields["hear_back"]
    consent = ContactForm.base_fields["consent"]


class EnquiryForm(PendingFilesMixin, forms.Form):
    """What the enquiry is about: its category (which routes it to a team), the words,
    photos and documents, and where officers' replies go."""

    category = forms.ChoiceField(
        label=_("What is it about?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what the enquiry is about"),
            "invalid_choice": _("Select what the enquiry is about"),
        },
    )
    summary = ResidentTextField(
        label=_("In a few words"),
        max_length=SUMMARY_MAX,
        error_messages={
            "required": _("Enter what the enquiry is about in a few words"),
            "max_length": _("The few words must be 150 characters or fewer"),
        },
    )
    details = ResidentTextField(
        label=_("The enquiry"),
        help_text=_("What the constituent told you: what, where and since when."),
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter the enquiry"),
            "max_length": _("The enquiry must be 5,000 characters or fewer"),
        },
    )
    keep = keep_field(
        label=_("Photos and documents you have added"),
        invalid_choice=_("Select the files you want to send"),
    )
    listed = listed_field()
    files = MultipleFileField(
        label=_("Add photos or documents (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": attachments.ACCEPT}),
    )
    reply_to = forms.ChoiceField(
        label=_("Where should officers send their replies?"),
        choices=MemberEnquiry.ReplyTo.choices,
        widget=forms.RadioSelect,
        initial=MemberEnquiry.ReplyTo.MEMBER,
        error_messages={"required": _("Select where officers should send their replies")},
    )

    def __init__(self, *args, existing=(), categories=(), **kwargs):
        super().__init__(*args, existing=existing, **kwargs)
        self.fields["category"].choices = [(rt.slug, rt.name) for rt in categories]
        for name in ("summary", "details"):
            self.fields[name].widget.attrs.pop("maxlength", None)
        self.fields["files"].help_text = _(
            "JPG, PNG, WebP or PDF, smaller than %(size)s each. You can send up to %(count)s files."
        ) % {"size": attachments.max_size_words(), "count": settings.CASE_ATTACHMENT_MAX_COUNT}

    def clean_files(self):
        return attachments.prepare_uploads(self.cleaned_data.get("files"))

    def max_files(self) -> int:
        return settings.CASE_ATTACHMENT_MAX_COUNT

    def no_room_message(self, room: int) -> str:
        count = settings.CASE_ATTACHMENT_MAX_COUNT
        if room <= 0:
            return ngettext(
                "You can send up to %(count)s file. Untick one to add another",
                "You can send up to %(count)s files. Untick one to add another",
                count,
            ) % {"count": count}
        return ngettext(
            "You can add %(room)s more file", "You can add %(room)s more files", room
        ) % {"room": room}


class MemberForm(forms.Form):
    """A support officer of several members: which member the enquiry is for."""

    member = forms.ChoiceField(
        label=_("Which councillor is this enquiry for?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the councillor"),
            "invalid_choice": _("Select the councillor"),
        },
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(str(user.pk), name) for user, name in members]


class MessageForm(forms.Form):
    """The member (or their support officer) writes to the officers working the enquiry."""

    message = forms.CharField(
        label=_("Message to the officers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=DETAILS_MAX,
        error_messages={
            "required": _("Enter your message"),
            "max_length": _("Your message must be 5,000 characters or fewer"),
        },
    )


class LetterForm(forms.Form):
    """Choose a letter template, see it filled in, then send it by e-mail or for post."""

    template = forms.ChoiceField(
        label=_("Letter template"),
        error_messages={
            "required": _("Select a letter template"),
            "invalid_choice": _("Select a letter template"),
        },
    )
    delivery = forms.ChoiceField(
        label=_("How should it go?"),
        choices=[("email", _("By email to the constituent")), ("post", _("By post (print it)"))],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Select how the letter should go")},
    )

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = {str(t.pk): t for t in templates}
        self.fields["template"].choices = [("", _("Choose a template"))] + [
            (pk, t.name) for pk, t in self.templates.items()
        ]

    def chosen(self):
        return self.templates.get(self.cleaned_data.get("template") or "")
