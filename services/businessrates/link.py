"""Linking a business rates account (``linking.registry``): the business proves it is
theirs with details from the bill at ``/business-rates/link/`` (``linking.views.link``, in
these words), and the contact centre links it for a caller by its number alone."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from linking.forms import postcode_clean
from linking.registry import Detail, Linkable, OwnLink
from services.businessrates.actions import business_rates_link, business_rates_record_find
from services.businessrates.apps import SLUG
from services.businessrates.forms import account_number_clean, first_instalment_clean
from services.businessrates.selectors import RevenuesUnavailable


def _link(*, user, reference: str, postcode: str, amount_pence: int):
    return business_rates_link(
        user=user, account_number=reference, postcode=postcode, first_instalment_pence=amount_pence
    )


LINKABLE = Linkable(
    slug=SLUG,
    name=_("business rates account"),
    reference_label=_("Business rates account number"),
    reference_hint=_("8 numbers, at the top of the bill. For example, 70012345."),
    clean_reference=account_number_clean,
    find=business_rates_record_find,
    own=OwnLink(
        reference=Detail(
            name="account_number",
            label=_("Business rates account number"),
            hint=_("This is 8 numbers, at the top of your bill. For example, 70012345."),
            required=_("Enter your business rates account number"),
            clean=account_number_clean,
            inputmode="numeric",
        ),
        postcode=Detail(
            name="postcode",
            label=_("Postcode of the property the bill is for"),
            required=_("Enter the postcode of the property the bill is for"),
            clean=postcode_clean("MB1 2AA"),
        ),
        amount=Detail(
            name="first_instalment",
            label=_("Amount of the first instalment on your latest bill"),
            hint=_("In pounds and pence, for example 104.50. Enter 0 if you pay nothing."),
            required=_("Enter the amount of the first instalment"),
            clean=first_instalment_clean,
        ),
        link=_link,
        unavailable=(RevenuesUnavailable,),
        unavailable_template="businessrates/unavailable.html",
        done_url_name="businessrates:account",
        caption=_("Business rates"),
        title=_("Link your business rates account"),
        intro=_(
            "Enter these details exactly as they are on your latest business rates bill, so "
            "that we know the account is yours."
        ),
        button=_("Link account"),
        linked=_("Your business rates account is linked"),
        wrong_details=ngettext_lazy(
            "The details do not match our records. Check them against your latest bill. "
            "You have %(count)d more try before linking is locked.",
            "The details do not match our records. Check them against your latest bill. "
            "You have %(count)d more tries before linking is locked.",
            "count",
        ),
        taken=_(
            "This business rates account is already linked to another online account. If you "
            "think this is wrong, call us on %(phone)s."
        ),
        locked_title=_("You cannot link your business rates account right now"),
        locked_why=_(
            "The details did not match our records too many times, so we have stopped linking "
            "for a while to keep the account safe."
        ),
        locked_instead=_(
            "Call us on %(phone)s. After some security questions we can link the account for "
            "you, or send a new bill to the property."
        ),
        no_proof=_("If you do not have your bill, call us on %(phone)s."),
    ),
)
