"""Linking a landlord's Housing Benefit record (``linking.registry``): the landlord proves
it is theirs with details from the payment advice at ``/housing-benefit-landlords/link/``
(``linking.views.link``, in these words). The contact centre does not link it for a caller
(``for_callers``): it sends a copy of the payment advice instead."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from linking.forms import postcode_clean
from linking.registry import Detail, Linkable, OwnLink
from services.landlords.actions import landlord_link, landlord_record_find
from services.landlords.apps import SLUG
from services.landlords.forms import landlord_reference_clean, last_payment_clean
from services.landlords.selectors import RevenuesUnavailable


def _link(*, user, reference: str, postcode: str, amount_pence: int):
    return landlord_link(
        user=user, reference=reference, postcode=postcode, last_run_pence=amount_pence
    )


LINKABLE = Linkable(
    slug=SLUG,
    name=_("landlord record"),
    reference_label=_("Landlord reference"),
    reference_hint=_("LL and 6 numbers, on the payment advice. For example, LL500001."),
    clean_reference=landlord_reference_clean,
    find=landlord_record_find,
    for_callers=False,
    own=OwnLink(
        reference=Detail(
            name="reference",
            label=_("Landlord reference"),
            hint=_("It is on the payment advice we send you, for example LL500001."),
            required=_("Enter your landlord reference"),
            clean=landlord_reference_clean,
        ),
        postcode=Detail(
            name="postcode",
            label=_("Postcode of the address we send your payment advice to"),
            required=_("Enter the postcode of your address"),
            clean=postcode_clean("MB1 2AA"),
        ),
        amount=Detail(
            name="last_payment",
            label=_("Amount of the last payment we made to you"),
            hint=_("The total on your latest payment advice, in pounds and pence, like 355.00."),
            required=_("Enter the amount of the last payment"),
            clean=last_payment_clean,
        ),
        link=_link,
        unavailable=(RevenuesUnavailable,),
        unavailable_template="landlords/unavailable.html",
        done_url_name="landlords:payments",
        caption=_("Housing Benefit for landlords"),
        title=_("Link your landlord record"),
        intro=_(
            "Enter these details exactly as they are on the latest payment advice we sent "
            "you, so that we know the record is yours."
        ),
        button=_("Link record"),
        linked=_("Your landlord record is linked"),
        wrong_details=ngettext_lazy(
            "The details do not match our records. Check them against your latest payment "
            "advice. You have %(count)d more try before linking is locked.",
            "The details do not match our records. Check them against your latest payment "
            "advice. You have %(count)d more tries before linking is locked.",
            "count",
        ),
        taken=_(
            "This landlord record is already linked to another online account. If you think "
            "this is wrong, call us on %(phone)s."
        ),
        locked_title=_("You cannot link your landlord record right now"),
        locked_why=_(
            "The details did not match our records too many times, so we have stopped linking "
            "for a while to keep your tenants' information safe."
        ),
        locked_instead=_(
            "Call us on %(phone)s. After some security questions we can send you a copy of "
            "your latest payment advice."
        ),
        no_proof=_("If you do not have a payment advice, call us on %(phone)s."),
    ),
)
