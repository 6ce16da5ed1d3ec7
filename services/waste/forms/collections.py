"""Bin days: find an address by postcode, then choose it. Both are GET forms (nothing is
stored, and the browser's back button just works); postcodes are checked and normalised
as the account's address is (integrations.gazetteer.postcodes)."""

from django.utils.translation import gettext_lazy as _

from accounts.forms import PostcodeForm as AccountPostcodeForm

# Choose one of the postcode's addresses (the postcode comes back hidden).
from services.waste.forms.find_address import AddressForm as AddressForm


class PostcodeForm(AccountPostcodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["postcode"]
        field.label = _("What is the postcode?")
        field.help_text = _("For example, MB1 1AA")
        field.error_messages["required"] = _("Enter a postcode")
        field.error_messages["max_length"] = _("Enter a real postcode, like MB1 1AA")

    def not_found(self, postcode: str) -> None:
        self.add_error(
            "postcode",
            _("We could not find any addresses for %(postcode)s") % {"postcode": postcode},
        )
