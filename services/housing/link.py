"""Linking a council tenancy (``linking.registry``): the tenant proves it is theirs with
details from the rent letter at ``/housing/link/`` (``linking.views.link``, in these
words), and the contact centre links it for a caller by its reference alone."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from linking.forms import postcode_clean
from linking.registry import Detail, Linkable, OwnLink
from services.housing.actions import tenancy_link, tenancy_record_find
from services.housing.apps import SLUG
from services.housing.forms import tenancy_reference_clean, weekly_rent_clean
from services.housing.selectors import HousingUnavailable


def _link(*, user, reference: str, postcode: str, amount_pence: int):
    return tenancy_link(
        user=user, reference=reference, postcode=postcode, weekly_rent_pence=amount_pence
    )


LINKABLE = Linkable(
    slug=SLUG,
    name=_("council tenancy"),
    reference_label=_("Tenancy reference"),
    reference_hint=_("HT- and 6 numbers, on the rent letter. For example, HT-100001."),
    clean_reference=tenancy_reference_clean,
    find=tenancy_record_find,
    own=OwnLink(
        reference=Detail(
            name="reference",
            label=_("Tenancy reference"),
            hint=_(
                "It starts HT-, then 6 numbers, for example HT-100001. It is on your rent letter."
            ),
            required=_("Enter your tenancy reference"),
            clean=tenancy_reference_clean,
        ),
        postcode=Detail(
            name="postcode",
            label=_("Postcode of your home"),
            required=_("Enter the postcode of your home"),
            clean=postcode_clean("MB1 1AA"),
        ),
        amount=Detail(
            name="weekly_rent",
            label=_("Your weekly rent"),
            hint=_(
                "The full weekly rent on your rent letter, in pounds and pence, for example 104.50."
            ),
            required=_("Enter your weekly rent"),
            clean=weekly_rent_clean,
        ),
        link=_link,
        unavailable=(HousingUnavailable,),
        unavailable_template="housing/unavailable.html",
        done_url_name="housing:account",
        caption=_("Council housing"),
        title=_("Link your tenancy"),
        intro=_(
            "Enter these details exactly as they are on your rent letter, so that we know the "
            "tenancy is yours."
        ),
        button=_("Link tenancy"),
        linked=_("Your tenancy is linked"),
        wrong_details=ngettext_lazy(
            "The details do not match our records. Check them against your rent letter. "
            "You have %(count)d more try before linking is locked.",
            "The details do not match our records. Check them against your rent letter. "
            "You have %(count)d more tries before linking is locked.",
            "count",
        ),
        taken=_(
            "This tenancy is already linked to another online account. If you think this is "
            "wrong, call us on %(phone)s."
        ),
        locked_title=_("You cannot link your tenancy right now"),
        locked_why=_(
            "The details did not match our records too many times, so we have stopped linking "
            "for a while to keep the tenancy safe."
        ),
        locked_instead=_(
            "Call us on %(phone)s. After some security questions we can link the tenancy for you."
        ),
        no_proof=_("If you do not have your rent letter, call us on %(phone)s."),
    ),
)
