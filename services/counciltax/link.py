"""Linking a council tax account (``linking.registry``): the resident proves it is theirs
with details from the bill at ``/council-tax/link/`` (``linking.views.link``, in these
words), and the contact centre links it for a caller by its number alone."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from linking.forms import postcode_clean
from linking.registry import Detail, Linkable, OwnLink
from services.counciltax.actions import council_tax_link, council_tax_record_find
from services.counciltax.apps import SLUG
from services.counciltax.forms import account_number_clean, first_instalment_clean
from services.counciltax.selectors import RevenuesUnavailable


def _link(*, user, reference: str, postcode: str, amount_pence: int):
    return council_tax_link(
        user=user, account_number=reference, postcode=postcode, first_instalment_pence=amount_pence
    )


LINKABLE = Linkable(
    slug=SLUG,
    name=_("council tax account"),
    reference_label=_("Council tax account number"),
    reference_hint=_("8 numbers, at the top of the bill. For example, 60012345."),
    clean_reference=account_number_clean,
    find=council_tax_record_find,
    own=OwnLink(
        reference=Detail(
            name="account_number",
            label=_("Council tax account number"),
            hint=_("This is 8 numbers, at the top of your bill. For example, 60012345."),
            required=_("Enter your council tax account number"),
            clean=account_number_clean,
            inputmode="numeric",
        ),
        postcode=Detail(
            name="postcode",
            label=_("Postcode of the property the bill is for"),
            required=_("Enter the postcode of the property the bill is for"),
            clean=postcode_clean("MB1 1AA"),
        ),
        amount=Detail(
            name="first_instalment",
            label=_("Amount of the first instalment on your latest bill"),
            hint=_("In pounds and pence, for example 208.67. It is under “Instalments”."),
            required=_("Enter the amount of the first instalment"),
            clean=first_instalment_clean,
        ),
        link=_link,
        unavailable=(RevenuesUnavailable,),
        unavailable_template="counciltax/unavailable.html",
        done_url_name="counciltax:account",
        caption=_("Council tax"),
        title=_("Link your council tax account"),
        intro=_(
            "Enter these details exactly as they are on your latest council tax bill, so that "
            "we know the account is yours."
        ),
        button=_("Link account"),
        linked=_("Your council tax account is linked"),
        wrong_details=ngettext_lazy(
            "The details do not match our records. Check them against your latest bill. "
            "You have %(count)d more try before linking is locked.",
            "The details do not match our records. Check them against your latest bill. "
            "You have %(count)d more tries before linking is locked.",
            "count",
        ),
        taken=_(
            "This council tax account is already linked to another online account. If you "
            "think this is wrong, call us on %(phone)s."
        ),
        locked_title=_("You cannot link your council tax account right now"),
        locked_why=_(
            "The details did not match our records too many times, so we have stopped linking "
            "for a while to keep the account safe."
        ),
        locked_instead=_(
            "Call us on %(phone)s. After some security questions we can link the account for "
            "you, or send a new bill to the property."
        ),
        help_template="counciltax/includes/link_help.html",
    ),
)
