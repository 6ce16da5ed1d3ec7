from django.utils.translation import gettext_lazy as _

from accounts.forms import PostcodeForm as AccountPostcodeForm


class PostcodeForm(AccountPostcodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["postcode"]
        field.label = _("What is the postcode?")
        field.help_text = _("For example, MB1 1AA")
        field.error_messages["max_length"] = _("Enter a real postcode, like MB1 1AA")

    def not_found(self, postcode: str) -> None:
        self.add_error(
            "postcode",
            _("We could not find %(postcode)s in our area. Check it, or try a nearby postcode")
            % {"postcode": postcode},
        )
