"""Find an address by postcode, then choose it: one helper for several waste journeys.

Each journey has its own URL for it (so its back links and captions are its own) and
calls ``find_address`` with where to go once an address is chosen (and, where it
wants them, its own templates and address form). A GET with
``?postcode=`` lists the addresses; the POST of the chosen one redirects on. Bad input
is a 400 with an error summary.
"""

from collections.abc import Callable

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.assisting import current_citizen
from accounts.decorators import signed_in_required
from accounts.selectors import address_list_for_postcode
from core.rendering import render_form
from services.waste.forms import find_address as forms


def find_address(
    request,
    *,
    url_name: str,
    caption: str,
    back_url: str,
    chosen_url: Callable[[int], str],
    address_form: type[forms.AddressForm] = forms.AddressForm,
    postcode_template: str = "waste/find_address/postcode.html",
    choose_template: str = "waste/find_address/choose.html",
):
    """The postcode page, the list of addresses, and the redirect to ``chosen_url(uprn)``."""
    here = reverse(url_name)
    context = {"caption": caption, "back_url": back_url, "action_url": here}
    if request.method == "POST":
        return _address_chosen(request, here, context, chosen_url, address_form, choose_template)
    if "postcode" not in request.GET:
        return render(request, postcode_template, {**context, "form": forms.PostcodeForm()})
    postcode_form = forms.PostcodeForm(request.GET)
    if postcode_form.is_valid():
        postcode = postcode_form.cleaned_data["postcode"]
        addresses = address_list_for_postcode(postcode=postcode)
        if addresses:
            form = address_form(initial={"postcode": postcode}, addresses=addresses)
            return _choose(request, choose_template, context, form, addresses, postcode)
        postcode_form.add_error(
            "postcode",
            _("We could not find any addresses for %(postcode)s. Check the postcode")
            % {"postcode": postcode},
        )
    return render_form(request, postcode_template, {**context, "form": postcode_form})


def _address_chosen(request, here, context, chosen_url, address_form, choose_template):
    """The POST of the list: on to the chosen address, or the list again with the error."""
    postcode_form = forms.PostcodeForm({"postcode": request.POST.get("postcode", "")})
    addresses = (
        address_list_for_postcode(postcode=postcode_form.cleaned_data["postcode"])
        if postcode_form.is_valid()
        else []
    )
    if not addresses:
        return redirect(here)
    form = address_form(request.POST, addresses=addresses)
    if form.is_valid():
        return redirect(chosen_url(form.cleaned_data["uprn"]))
    postcode = postcode_form.cleaned_data["postcode"]
    return _choose(request, choose_template, context, form, addresses, postcode)


def _choose(request, template, context, form, addresses, postcode):
    return render_form(
        request,
        template,
        {**context, "form": form, "addresses": addresses, "postcode": postcode},
    )


def entry_views(
    name: str,
    *,
    caption,
    request_type_get: Callable,
    first_url_name: str,
    start_context: Callable[[], dict] = dict,
    **find_options,
):
    """The two pages before a waste journey at an address: its start page
    (``waste/<name>/start.html``: the resident's own address, or another) and finding
    another address by postcode (``waste:<name>_address``), which goes on to
    ``first_url_name`` for the chosen address. Both 404 while the request type is off."""

    @signed_in_required
    def start(request):
        user = current_citizen(request)  # the person an agent is helping, else the user
        context = {
            "request_type": request_type_get(),
            "address": user.address if user.address_id else None,
        }
        return render(request, f"waste/{name}/start.html", {**context, **start_context()})

    @signed_in_required
    def find(request):
        if request_type_get() is None:
            raise Http404
        return find_address(
            request,
            url_name=f"waste:{name}_address",
            caption=str(caption),
            back_url=reverse(f"waste:{name}_start"),
            chosen_url=lambda uprn: reverse(first_url_name, kwargs={"uprn": uprn}),
            **find_options,
        )

    return start, find
