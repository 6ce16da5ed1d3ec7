"""Bin days: the waste start page, finding an address by postcode, the address's bin days,
its iCalendar feed and its printable calendar (PDF, made in the background).

Bin days are not personal data: anyone may look up any address, signed in or not, and
a UPRN the gazetteer does not hold is a 404. Finding an address is two GET forms, so
nothing is stored and the browser's back button just works; bad input is a 400 with
an error summary. Reads come from ``selectors.collections``; the only writes (the PDF's
row and its background job) go through ``actions.collections``.
"""

from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from accounts.selectors import address_get, address_list_for_postcode
from casework import registry
from core import clock
from core.rendering import render_form
from services.waste import ical
from services.waste.actions import collections as actions
from services.waste.apps import SLUG
from services.waste.forms import collections as forms
from services.waste.models import CalendarPdf
from services.waste.selectors import collections as selectors


def _address_or_404(uprn: int):
    address = address_get(uprn=uprn)
    if address is None:
        raise Http404("No such address")
    return address


def _home_address(request):
    """The address on the signed-in person's account, if there is one."""
    user = request.user
    if user.is_authenticated and user.address_id:
        return user.address
    return None


# --- Start page and finding an address ------------------------------------------------------


@require_GET
def start(request):
    """The waste service's start page (public): what it offers, and bin days."""
    return render(
        request,
        "waste/start.html",
        {
            "service": registry.service(SLUG),
            "home": _home_address(request),
            "form": forms.PostcodeForm(auto_id="start-%s"),
        },
    )


@require_GET
def find(request):
    """What is the postcode? Its addresses, or a 400 saying what is wrong."""
    if "postcode" not in request.GET:
        return render(request, "waste/collections/postcode.html", {"form": forms.PostcodeForm()})
    form = forms.PostcodeForm(request.GET)
    not_found = ""
    if form.is_valid():
        postcode = form.cleaned_data["postcode"]
        addresses = address_list_for_postcode(postcode=postcode)
        if addresses:
            return _choose(
                request, forms.AddressForm(initial={"postcode": postcode}, addresses=addresses)
            )
        form.not_found(postcode)
        not_found = postcode
    return render_form(
        request, "waste/collections/postcode.html", {"form": form, "not_found": not_found}
    )


@require_GET
def choose(request):
    """The chosen address: on to its bin days, or the list again with an error (400)."""
    postcode_form = forms.PostcodeForm({"postcode": request.GET.get("postcode", "")})
    if not postcode_form.is_valid():
        return redirect("waste:collections_find")
    postcode = postcode_form.cleaned_data["postcode"]
    addresses = address_list_for_postcode(postcode=postcode)
    if not addresses:
        return redirect(f"{reverse('waste:collections_find')}?{urlencode({'postcode': postcode})}")
    form = forms.AddressForm(request.GET, addresses=addresses)
    if form.is_valid():
        return redirect("waste:collections", uprn=form.cleaned_data["uprn"])
    return _choose(request, form)


def _choose(request, form):
    postcode = form["postcode"].value()
    return render_form(
        request,
        "waste/collections/choose.html",
        {
            "form": form,
            "postcode": postcode,
            "count": len(form.fields["uprn"].choices),
            "change_url": f"{reverse('waste:collections_find')}?{urlencode({'postcode': postcode})}",
        },
    )


# --- An address's bin days ------------------------------------------------------------------


@require_GET
def address_bin_days(request, uprn: int):
    address = _address_or_404(uprn)
    days = selectors.bin_days(address=address, today=clock.today())
    home = _home_address(request)
    feed_path = reverse("waste:collections_ics", kwargs={"uprn": address.uprn})
    feed_url = request.build_absolute_uri(feed_path)
    return render(
        request,
        "waste/collections/address.html",
        {
            "days": days,
            "address": address,
            "is_home": home is not None and home.pk == address.pk,
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
            "pdf_url": reverse("waste:collections_pdf", kwargs={"uprn": address.uprn}),
            "find_url": f"{reverse('waste:collections_find')}?"
            + urlencode({"postcode": address.postcode}),
        },
    )


# --- The iCalendar feed (RFC 5545) --------------------------------------------------------------


@require_GET
def calendar_ics(request, uprn: int):
    address = _address_or_404(uprn)
    page_url = request.build_absolute_uri(reverse("waste:collections", kwargs={"uprn": uprn}))
    body = ical.address_ical(address=address, today=clock.today(), page_url=page_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = slugify(f"bin collections {address.line1}") + ".ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Calendar apps fetch it without cookies: shared caches may keep it for a while.
    # (A signed-in person's copy is private: PrivatePagesMiddleware says no-store.)
    patch_cache_control(response, public=True, max_age=60 * 60)
    return response


# --- The printable calendar (PDF) ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def calendar_pdf(request, uprn: int):
    """The PDF once it is made; until then a page that says so (and, with JavaScript,
    says when it is ready). POST: try again after a failure."""
    address = _address_or_404(uprn)
    starts_on = selectors.pdf_starts_on(clock.today())
    here = reverse("waste:collections_pdf", kwargs={"uprn": uprn})
    existing = CalendarPdf.objects.filter(address=address, starts_on=starts_on).first()
    if request.method == "POST":
        if existing is not None:
            actions.calendar_pdf_retry(pdf=existing)
        return redirect(here)
    if "status" in request.GET:  # asked by the page's script: never makes anything
        return _pdf_status(existing)
    pdf = actions.calendar_pdf_request(address=address, starts_on=starts_on)
    pdf.refresh_from_db()  # with an eager worker (development) it may be made already
    if pdf.state == CalendarPdf.State.READY:
        return _pdf_download(pdf)
    context = {"address": address, "pdf": pdf, "stuck": actions.pdf_is_stuck(pdf), "here": here}
    page_url = reverse("waste:collections", kwargs={"uprn": uprn})
    response = render(
        request, "waste/collections/pdf_status.html", {**context, "page_url": page_url}
    )
    patch_cache_control(response, no_store=True)
    return response


def _pdf_status(existing: CalendarPdf | None):
    """For the waiting page's script: is the PDF made yet, or stuck?"""
    state = existing.state if existing else "missing"
    stuck = existing is not None and actions.pdf_is_stuck(existing)
    response = JsonResponse({"state": state, "stuck": stuck})
    patch_cache_control(response, no_store=True)
    return response


def _pdf_download(pdf: CalendarPdf):
    response = FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=actions.calendar_pdf_download_name(pdf),
        content_type="application/pdf",
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response
